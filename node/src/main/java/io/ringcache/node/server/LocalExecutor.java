package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Delete;
import io.ringcache.node.protocol.Command.FlushAll;
import io.ringcache.node.protocol.Command.Invalid;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Stats;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.TooLarge;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.protocol.Command.Verbosity;
import io.ringcache.node.protocol.ErrorReply;
import io.ringcache.node.store.ArithmeticRequest;
import io.ringcache.node.store.ArithmeticResult;
import io.ringcache.node.store.CasRule;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.MetaOperations;
import io.ringcache.node.store.MetaStatus;
import io.ringcache.node.store.MetaWrite;
import io.ringcache.node.store.StoreMode;
import io.ringcache.node.store.StoreOutcome;

/**
 * Runs classic commands against this node's {@link ItemStore} and answers at once, through the
 * connection's {@link Answers} (text words or binary packets: the same results either way).
 */
public final class LocalExecutor implements CommandExecutor {

    /** The steps of a binary incr/decr that creates its counter: give it the request's exptime. */
    private static final byte[] VIVIFY_STEPS = {'N'};

    private final ItemStore store;
    private final MetaOperations operations;
    private final NodeStats stats;
    private final StatsReport report;
    private final MetaExecutor meta;

    public LocalExecutor(ItemStore store, NodeStats stats, StatsReport report) {
        this.store = store;
        this.operations = new MetaOperations(store);
        this.stats = stats;
        this.report = report;
        this.meta = new MetaExecutor(store, stats);
    }

    @Override
    public void execute(Command command, ReplySink replies) {
        Answers answers = replies.answers();
        if (command instanceof Retrieve c) {
            retrieve(c, replies, answers);
        } else if (command instanceof Store c) {
            store(c, replies, answers);
        } else if (command instanceof Delete c) {
            delete(c, replies, answers);
        } else if (command instanceof Arithmetic c) {
            arithmetic(c, replies, answers);
        } else if (command instanceof Touch c) {
            stats.cmdTouch.increment();
            byte[] item = store.touch(c.key(), c.exptime());
            (item != null ? stats.touchHits : stats.touchMisses).increment();
            if (item != null) {
                answers.touched(replies, c, Items.flags(item), Items.cas(item));
            } else {
                answers.notFound(replies, c);
            }
        } else if (command instanceof Invalid c) {
            answers.error(replies, c, c.reply());
            if (c.close()) {
                replies.closeAfterReplies();
            }
        } else if (command instanceof TooLarge c) {
            store.delete(c.key());
            answers.error(replies, c, ErrorReply.TOO_LARGE);
        } else if (command instanceof FlushAll c) {
            stats.cmdFlush.increment();
            store.flushAll(c.delay());
            answers.ok(replies, c);
        } else if (command instanceof Command.Version c) {
            answers.version(replies, c);
        } else if (command instanceof Verbosity c) {
            answers.ok(replies, c);
        } else if (command instanceof Command.MetaNoop c) {
            answers.noop(replies, c);
        } else if (command instanceof Stats c) {
            answers.stats(replies, c, report);
        } else if (command instanceof Command.Quit c) {
            answers.quit(replies, c);
            replies.closeAfterReplies();
        } else if (command instanceof Command.Close) {
            replies.closeAfterReplies();
        } else if (isClusterOnly(command)) {
            // cluster commands on a standalone node: memcached's answer to a command it does not know
            answers.error(replies, command, ErrorReply.ERROR);
        } else if (!meta.execute(command, replies)) {
            throw new IllegalArgumentException("no executor for " + command);
        }
    }

    /** Commands only cluster members answer; a node alone answers them as memcached answers an unknown command. */
    private static boolean isClusterOnly(Command c) {
        return c instanceof Command.TopologyRequest || c instanceof Command.InContext
                || c instanceof Command.PeerPut || c instanceof Command.PeerDelete || c instanceof Command.PeerGet
                || c instanceof Command.PeerFlush || c instanceof Command.PeerWalked || c instanceof Command.PeerEpoch;
    }

    private void retrieve(Retrieve c, ReplySink replies, Answers answers) {
        if (c.touch()) {
            stats.cmdTouch.add(c.keys().length);
        }
        retrieve(c, replies, answers, 0);
    }

    /**
     * Answers keys {@code from}.. of a retrieval. Stops after a value that takes the connection past
     * its output budget and continues once the client has read, so a get of 2,000 large values
     * streams with the memory of a few of them.
     */
    private void retrieve(Retrieve c, ReplySink replies, Answers answers, int from) {
        ItemKey[] keys = c.keys();
        for (int i = from; i < keys.length; i++) {
            ItemKey key = keys[i];
            stats.cmdGet.increment();
            byte[] item = c.touch() ? store.getAndTouch(key, c.exptime()) : store.fetch(key);
            if (item == null) {
                stats.getMisses.increment();
                if (c.touch()) {
                    stats.touchMisses.increment();
                }
                answers.miss(replies, c, key);
                continue;
            }
            stats.getHits.increment();
            if (c.touch()) {
                stats.touchHits.increment();
            }
            answers.value(replies, c, key, Items.flags(item), Items.cas(item), item, Items.valueOffset(item),
                    Items.valueLength(item));
            if (c.touch()) {
                store.fetched(item); // fetch() marked the others
            }
            if (i + 1 < keys.length && replies.overBudget()) {
                int next = i + 1;
                replies.resumeWhenDrained(() -> retrieve(c, replies, answers, next));
                return;
            }
        }
        answers.endOfValues(replies, c);
    }

    private void store(Store c, ReplySink replies, Answers answers) {
        stats.cmdSet.increment();
        StoreOutcome outcome;
        byte[] stored = c.item();
        if (c.mode() == StoreMode.APPEND || c.mode() == StoreMode.PREPEND) {
            // the new item is a concatenation, whose CAS unique the binary answer carries; a binary
            // append may also name the CAS unique the item must have
            CasRule cas = c.casUnique() == 0 ? CasRule.NONE : new CasRule(true, c.casUnique(), false, false, 0);
            MetaWrite result = operations.store(c.mode(), c.key(), c.item(), 0, 0, cas);
            stored = result.item();
            outcome = switch (result.status()) {
                case DONE -> StoreOutcome.STORED;
                case EXISTS -> StoreOutcome.EXISTS;
                case OUT_OF_MEMORY -> StoreOutcome.OUT_OF_MEMORY;
                default -> StoreOutcome.NOT_STORED;
            };
        } else {
            outcome = store.store(c.mode(), c.key(), c.item(), c.flags(), c.exptime(), c.casUnique());
        }
        if (c.mode() == StoreMode.CAS) {
            switch (outcome) {
                case STORED -> stats.casHits.increment();
                case EXISTS -> stats.casBadval.increment();
                case NOT_FOUND -> stats.casMisses.increment();
                default -> { }
            }
        }
        switch (outcome) {
            case STORED -> answers.stored(replies, c, Items.cas(stored));
            case NOT_STORED -> answers.notStored(replies, c);
            case EXISTS -> answers.exists(replies, c);
            case NOT_FOUND -> answers.notFound(replies, c);
            case OUT_OF_MEMORY -> answers.error(replies, c, ErrorReply.OUT_OF_MEMORY);
        }
    }

    private void delete(Delete c, ReplySink replies, Answers answers) {
        MetaStatus status;
        if (c.casUnique() == 0) {
            status = store.delete(c.key()) ? MetaStatus.DONE : MetaStatus.NOT_FOUND;
        } else {
            status = operations.delete(c.key(), new CasRule(true, c.casUnique(), false, false, 0), false, false, 0);
        }
        (status == MetaStatus.DONE ? stats.deleteHits : stats.deleteMisses).increment();
        switch (status) {
            case DONE -> answers.deleted(replies, c);
            case EXISTS -> answers.exists(replies, c);
            default -> answers.notFound(replies, c);
        }
    }

    private void arithmetic(Arithmetic c, ReplySink replies, Answers answers) {
        if (c.casUnique() != 0 || c.vivify() != null) {
            binaryArithmetic(c, replies, answers);
            return;
        }
        ArithmeticResult result = store.arithmetic(c.key(), c.increment(), c.delta());
        switch (result.status()) {
            case UPDATED -> {
                (c.increment() ? stats.incrHits : stats.decrHits).increment();
                counted(replies, c, answers, result.item());
            }
            case NOT_FOUND -> {
                (c.increment() ? stats.incrMisses : stats.decrMisses).increment();
                answers.notFound(replies, c);
            }
            case NON_NUMERIC -> answers.error(replies, c, ErrorReply.NON_NUMERIC);
        }
    }

    private static void counted(ReplySink replies, Arithmetic c, Answers answers, byte[] item) {
        answers.counted(replies, c, item, Items.valueOffset(item), Items.valueLength(item), Items.cas(item));
    }

    /** The binary protocol's incr/decr: a CAS unique to match, a counter to create on a miss. */
    private void binaryArithmetic(Arithmetic c, ReplySink replies, Answers answers) {
        boolean vivify = c.vivify() != null;
        ArithmeticRequest request = new ArithmeticRequest(c.increment(), c.delta(), vivify,
                vivify ? c.vivify().exptime() : 0, vivify ? c.vivify().initial() : 0, 0,
                vivify ? VIVIFY_STEPS : new byte[0], new CasRule(c.casUnique() != 0, c.casUnique(), false, false, 0));
        MetaWrite result = operations.arithmetic(c.key(), request);
        boolean done = result.status() == MetaStatus.DONE;
        if (c.increment()) {
            (done ? stats.incrHits : stats.incrMisses).increment();
        } else {
            (done ? stats.decrHits : stats.decrMisses).increment();
        }
        switch (result.status()) {
            case DONE -> counted(replies, c, answers, result.item());
            case EXISTS -> answers.exists(replies, c);
            case NON_NUMERIC -> answers.error(replies, c, ErrorReply.NON_NUMERIC);
            case NOT_FOUND -> answers.notFound(replies, c);
            default -> answers.error(replies, c, ErrorReply.OUT_OF_MEMORY);
        }
    }
}
