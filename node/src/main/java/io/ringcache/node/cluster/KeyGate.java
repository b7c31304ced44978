package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Holds back a coordinator's request until it holds the newest copy of the request's keys that
 * another holder may have (asked with {@code rc_get}, the newest kept), so that a read never misses a
 * key that is on its way, and an increment or an append never starts from an old value:
 * <ul>
 *   <li>for a key not settled here ({@link Settlement}: this node took it over, or was paused or
 *       cut off), the holders are its owners on every ring since the last settled one; one that
 *       cannot be asked makes the request a refusal ({@link Refusal#UNSETTLED}): another owner
 *       answers it;</li>
 *   <li>for a key this node coordinates without being its primary (the primary refused the request,
 *       or could not be reached), the holders are the key's other owners: the primary may have taken
 *       a write this node missed (its replica write went to a hint). One that cannot be asked is
 *       passed over: it is down, and this node is the best owner left.</li>
 * </ul>
 * Requests on the same key keep their order: each runs after the ones before it on that key. While
 * the node is settled, coordinates as the primary and nothing is held back, a request passes with
 * three volatile reads.
 */
final class KeyGate {

    private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);
    private static final CompletableFuture<Boolean> ANSWERED = CompletableFuture.completedFuture(true);
    private static final long PULL_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
    /** The longest a pull waits in all, a first connection to a holder included. */
    private static final long PULL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final Settlement settlement;
    private final ItemStore store;
    private final PeerPool peers;
    private final ClusterStats stats;
    private final ByteBufAllocator alloc;
    private final Map<ItemKey, CompletableFuture<Void>> held = new ConcurrentHashMap<>();

    KeyGate(Settlement settlement, ItemStore store, PeerPool peers, ClusterStats stats, ByteBufAllocator alloc) {
        this.settlement = settlement;
        this.store = store;
        this.peers = peers;
        this.stats = stats;
        this.alloc = alloc;
    }

    /**
     * Whether a request on the one key {@code key}, coordinated here on ring {@code t}, may run now
     * with nothing to wait for: {@link #isOpen(List, Topology)} for one key, without the list.
     */
    boolean isOpen(ItemKey key, Topology t) {
        if (held.isEmpty() && settlement.isSettled()) {
            return isPrimary(t, key);
        }
        return !held.containsKey(key) && !settlement.mustPull(key) && isPrimary(t, key);
    }

    /** Whether a request on {@code keys}, coordinated here on ring {@code t}, may run now with nothing to wait for. */
    boolean isOpen(List<ItemKey> keys, Topology t) {
        boolean quiet = held.isEmpty();
        if (quiet && settlement.isSettled()) {
            for (ItemKey key : keys) {
                if (!isPrimary(t, key)) {
                    return false;
                }
            }
            return true;
        }
        for (ItemKey key : keys) {
            if ((!quiet && held.containsKey(key)) || settlement.mustPull(key) || !isPrimary(t, key)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code request} once the requests before it on the same keys ran and this node holds the
     * newest copy of each key another holder has; runs {@code refuse} instead when an unsettled key's
     * holder could not be asked.
     */
    CompletableFuture<Void> after(List<ItemKey> keys, Topology t, Runnable request, Runnable refuse) {
        List<CompletableFuture<Boolean>> gates = new ArrayList<>(keys.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        for (ItemKey key : keys) {
            CompletableFuture<Void>[] before = new CompletableFuture[1];
            held.compute(key, (k, previous) -> {
                before[0] = previous != null ? previous : OPEN;
                return done;
            });
            gates.add(before[0].thenCompose(v -> pull(key, t)));
        }
        CompletableFuture.allOf(gates.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            try {
                boolean ready = gates.stream().allMatch(g -> Boolean.TRUE.equals(g.getNow(false)));
                (ready ? request : refuse).run();
            } finally {
                done.complete(null);
                for (ItemKey key : keys) {
                    held.remove(key, done);
                }
            }
        });
        return done;
    }

    /** Completes with false only when an unsettled key's holder could not be asked. */
    private CompletableFuture<Boolean> pull(ItemKey key, Topology t) {
        boolean unsettled = settlement.mustPull(key);
        if (!unsettled && isPrimary(t, key)) {
            return ANSWERED;
        }
        List<String> holders = unsettled ? settlement.holders(key) : otherOwners(t, key);
        List<CompletableFuture<Boolean>> asks = new ArrayList<>(holders.size());
        for (String id : holders) {
            PeerPool.Peer peer = peers.peer(id);
            if (peer == null) {
                continue; // no longer a member with an address: whatever it held reached the others or is gone
            }
            stats.settlePulls.increment();
            // a holder met moments ago (this node has just joined) is waited for, as a transfer
            // waits; one that does not answer in time (paused, cut off) fails the pull
            asks.add(peer.send(peer.replica(), PeerRequests.get(key, RequestContext.now(t.epoch(), peers, store), alloc),
                    ResponseShape.META, PULL_TIMEOUT_NANOS)
                    .orTimeout(PULL_WAIT_NANOS, TimeUnit.NANOSECONDS)
                    .handle((answer, failure) -> answer != null && take(key, answer)));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).handle((v, e) ->
                !unsettled || asks.stream().allMatch(a -> Boolean.TRUE.equals(a.getNow(false))));
    }

    private static boolean isPrimary(Topology t, ItemKey key) {
        return t.ready() && Topology.primary(t, key) == t.selfIndex();
    }

    private static List<String> otherOwners(Topology t, ItemKey key) {
        List<String> ids = new ArrayList<>(2);
        for (int owner : Topology.owners(t, key)) {
            if (owner != t.selfIndex()) {
                ids.add(t.nodeId(owner));
            }
        }
        return ids;
    }

    /** Keeps a holder's copy or tombstone if it is newer than this node's; false when the holder did not say. */
    private boolean take(ItemKey key, ByteBuf answer) {
        return take(store, key, answer);
    }

    /**
     * Keeps the copy or tombstone of an {@code rc_get} answer in {@code store} if it is newer than what
     * is held there (and releases the answer); false when the holder did not say what it holds.
     */
    static boolean take(ItemStore store, ItemKey key, ByteBuf answer) {
        try {
            PeerStatus status = PeerStatus.of(answer);
            if (status == PeerStatus.TOMBSTONE) {
                store.applyDelete(key, PeerStatus.number(answer));
            } else if (status == PeerStatus.COPY) {
                store.applyCopy(key, parseCopy(key, answer));
            }
            if (KeyTrace.on(key)) {
                KeyTrace.event("pulled " + status, key, store.peek(key));
            }
            return status == PeerStatus.TOMBSTONE || status == PeerStatus.COPY || status == PeerStatus.MISSING;
        } finally {
            answer.release();
        }
    }

    /** {@code VA <bytes> <version> <cas> <flags> <expires-at> <marks>\r\n<data>\r\n} as an item of {@code key}. */
    static byte[] parseCopy(ItemKey key, ByteBuf answer) {
        int start = answer.readerIndex();
        int eol = answer.indexOf(start, answer.writerIndex(), (byte) '\n');
        String[] header = answer.toString(start, eol - 1 - start, StandardCharsets.US_ASCII).split(" ");
        int length = Integer.parseInt(header[1]);
        byte[] item = Items.allocate(key, length);
        answer.getBytes(eol + 1, item, Items.valueOffset(item), length);
        Items.fillCopy(item, Long.parseUnsignedLong(header[2]), Long.parseUnsignedLong(header[3]),
                (int) Long.parseLong(header[4]), Long.parseLong(header[5]), (int) Long.parseLong(header[6]));
        return item;
    }
}
