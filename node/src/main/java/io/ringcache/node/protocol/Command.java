package io.ringcache.node.protocol;

import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.StoreMode;

/**
 * A decoded request: one record per command shape. Records are immutable except for the arrays
 * they carry, which belong to the command once decoded (the item array becomes the stored item).
 */
public sealed interface Command {

    /** Whether the client asked for no answer (noreply, or a meta command's quiet flag on success). */
    boolean noreply();

    /** set/add/replace/append/prepend/cas: {@code item} is an array from Items.allocate holding the key and room for the value. */
    record Store(StoreMode mode, ItemKey key, int flags, long exptime, long casUnique, byte[] item, boolean noreply)
            implements Command {
    }

    /** get/gets/gat/gats. {@code exptime} is used only by the touching forms. */
    record Retrieve(boolean withCas, boolean touch, long exptime, ItemKey[] keys) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /** delete; {@code casUnique} (binary protocol only; 0 = any) must match the item's. */
    record Delete(ItemKey key, long casUnique, boolean noreply) implements Command {
        public Delete(ItemKey key, boolean noreply) {
            this(key, 0, noreply);
        }
    }

    /**
     * incr/decr. The binary protocol adds a CAS unique the item must have (0 = any) and, unless
     * {@code vivify} is null, a counter to create on a miss.
     */
    record Arithmetic(boolean increment, ItemKey key, long delta, long casUnique, Vivify vivify, boolean noreply)
            implements Command {
        public Arithmetic(boolean increment, ItemKey key, long delta, boolean noreply) {
            this(increment, key, delta, 0, null, noreply);
        }
    }

    /** A binary incr/decr's counter for a missing key: its value and exptime. */
    record Vivify(long initial, long exptime) {
    }

    record Touch(ItemKey key, long exptime, boolean noreply) implements Command {
    }

    record FlushAll(long delay, boolean noreply) implements Command {
    }

    record Version() implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    record Verbosity(boolean noreply) implements Command {
    }

    /** stats [group]; {@code group} is empty for the general statistics. */
    record Stats(String group) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    record Quit() implements Command {
        @Override
        public boolean noreply() {
            return true;
        }
    }

    /**
     * mg. The key is decoded already when the b flag was given. Meta commands answer errors even
     * with the q flag, so {@link #noreply()} is false; q's quieting of success answers is the
     * executor's business.
     */
    record MetaGet(ItemKey key, MetaFlags flags) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /** ms: {@code item} is an array from Items.allocate holding the key and room for the value, as for {@link Store}. */
    record MetaSet(ItemKey key, StoreMode mode, byte[] item, MetaFlags flags) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    record MetaDelete(ItemKey key, MetaFlags flags) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /** ma: increment or decrement, by the M flag. */
    record MetaArithmetic(ItemKey key, boolean increment, MetaFlags flags) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /** me: the item's metadata; {@code base64Key} when the key came base64-encoded (b), and is answered so. */
    record MetaDebug(ItemKey key, boolean base64Key) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    record MetaNoop() implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /** {@code rc_topology [watch]}: the current ring and the members' client addresses (and every later one). */
    record TopologyRequest(boolean watch) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /**
     * {@code rc_put}: another owner's copy of a key, header and value as they are there; a replica
     * write, or a rebalancing transfer when {@code transfer} (which the receiver takes only for a key
     * it owns). {@code item} is an array from Items.allocate, filled by the decoder.
     */
    record PeerPut(ItemKey key, long version, long cas, int flags, long expiresAt, int marks, byte[] item,
            boolean transfer) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /** {@code rc_del}: another owner's delete of a key at {@code version} (a transfer when {@code transfer}). */
    record PeerDelete(ItemKey key, long version, boolean transfer) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /** {@code rc_get}: this node's copy of a key with its version (or its tombstone), for an owner settling or repairing it. */
    record PeerGet(ItemKey key) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /** {@code rc_flush}: a flush_all at {@code floor}: every copy with a lower version is gone. */
    record PeerFlush(long floor) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /** {@code rc_walked}: the sender has handed on everything it gave up for the ring at {@code epoch}. */
    record PeerWalked(String nodeId, long epoch) implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /** {@code rc_epoch}: which ring this node routes by (a node that was paused checks before it serves). */
    record PeerEpoch() implements Command {
        @Override
        public boolean noreply() {
            return false;
        }
    }

    /**
     * A peer's request with the line {@code rc_ctx <epoch> <deadline-ms> <flush-floor>} before it: the
     * ring epoch the sender routed it by, the unix millisecond after which the sender has given up on
     * it, and the sender's flush_all floor (so a node that missed a flush learns it from any peer).
     */
    record InContext(long epoch, long deadlineMillis, long flushFloor, Command request) implements Command {
        @Override
        public boolean noreply() {
            return request.noreply();
        }
    }

    /**
     * {@code rc_ctx <epoch> <deadline-ms> <flush-floor>}: not a request of its own but the context of
     * the next one; the decoder folds it into that request as {@link InContext}.
     */
    record PeerContext(long epoch, long deadlineMillis, long flushFloor) implements Command {
        @Override
        public boolean noreply() {
            return true;
        }
    }

    /** A request that could not be carried out; answered with {@code reply} unless noreply. */
    record Invalid(ErrorReply reply, boolean noreply, boolean close) implements Command {
    }

    /**
     * A storage command whose value exceeds the item size limit: the data was swallowed, and the
     * old value under the key is dropped so that no stale value is served (memcached does the same).
     */
    record TooLarge(ItemKey key, boolean noreply) implements Command {
    }

    /** A request after which the stream cannot be trusted: close without answering. */
    record Close() implements Command {
        @Override
        public boolean noreply() {
            return true;
        }
    }

    Version VERSION = new Version();
    PeerEpoch PEER_EPOCH = new PeerEpoch();
    MetaNoop META_NOOP = new MetaNoop();
    TopologyRequest TOPOLOGY = new TopologyRequest(false);
    Quit QUIT = new Quit();
    Close CLOSE = new Close();
}
