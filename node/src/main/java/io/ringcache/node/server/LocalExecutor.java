package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;
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
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.store.ArithmeticResult;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.StoreMode;
import io.ringcache.node.store.StoreOutcome;

/** Runs classic commands against this node's {@link ItemStore} and answers at once. */
public final class LocalExecutor implements CommandExecutor {

    private final ItemStore store;
    private final NodeStats stats;
    private final StatsReport report;
    private final MetaExecutor meta;

    public LocalExecutor(ItemStore store, NodeStats stats, StatsReport report) {
        this.store = store;
        this.stats = stats;
        this.report = report;
        this.meta = new MetaExecutor(store, stats);
    }

    @Override
    public void execute(Command command, ReplySink replies) {
        if (command instanceof Retrieve c) {
            retrieve(c, replies);
        } else if (command instanceof Store c) {
            store(c, replies);
        } else if (command instanceof Delete c) {
            boolean deleted = store.delete(c.key());
            (deleted ? stats.deleteHits : stats.deleteMisses).increment();
            reply(c, replies, deleted ? Responses.DELETED : Responses.NOT_FOUND);
        } else if (command instanceof Arithmetic c) {
            arithmetic(c, replies);
        } else if (command instanceof Touch c) {
            stats.cmdTouch.increment();
            boolean touched = store.touch(c.key(), c.exptime()) != null;
            (touched ? stats.touchHits : stats.touchMisses).increment();
            reply(c, replies, touched ? Responses.TOUCHED : Responses.NOT_FOUND);
        } else if (command instanceof Invalid c) {
            reply(c, replies, c.reply().line());
            if (c.close()) {
                replies.closeAfterReplies();
            }
        } else if (command instanceof TooLarge c) {
            store.delete(c.key());
            reply(c, replies, ErrorReply.TOO_LARGE.line());
        } else if (command instanceof FlushAll c) {
            stats.cmdFlush.increment();
            store.flushAll(c.delay());
            reply(c, replies, Responses.OK);
        } else if (command instanceof Command.Version) {
            replies.buffer().writeBytes(StatsReport.VERSION_LINE);
        } else if (command instanceof Verbosity c) {
            reply(c, replies, Responses.OK);
        } else if (command instanceof Stats c) {
            report.write(c.group(), replies.buffer());
        } else if (command instanceof Command.Quit || command instanceof Command.Close) {
            replies.closeAfterReplies();
        } else if (command instanceof Command.PeerHello || command instanceof Command.TopologyRequest) {
            // cluster commands on a standalone node: memcached's answer to a command it does not know
            replies.buffer().writeBytes(ErrorReply.ERROR.line());
        } else if (!meta.execute(command, replies)) {
            throw new IllegalArgumentException("no executor for " + command);
        }
    }

    private void retrieve(Retrieve c, ReplySink replies) {
        if (c.touch()) {
            stats.cmdTouch.add(c.keys().length);
        }
        for (ItemKey key : c.keys()) {
            stats.cmdGet.increment();
            byte[] item = c.touch() ? store.getAndTouch(key, c.exptime()) : store.get(key);
            if (item == null) {
                stats.getMisses.increment();
                if (c.touch()) {
                    stats.touchMisses.increment();
                }
                continue;
            }
            stats.getHits.increment();
            if (c.touch()) {
                stats.touchHits.increment();
            }
            writeValue(replies, key, item, c.withCas());
            store.fetched(item);
        }
        replies.buffer().writeBytes(Responses.END);
    }

    static void writeValue(ReplySink replies, ItemKey key, byte[] item, boolean withCas) {
        int length = Items.valueLength(item);
        Responses.valueHeader(replies.buffer(), key.bytes(), Items.flags(item), length, withCas, Items.cas(item));
        replies.writeValue(item, Items.valueOffset(), length);
        replies.buffer().writeBytes(Responses.CRLF);
    }

    private void store(Store c, ReplySink replies) {
        stats.cmdSet.increment();
        StoreOutcome outcome = store.store(c.mode(), c.key(), c.item(), c.flags(), c.exptime(), c.casUnique());
        if (c.mode() == StoreMode.CAS) {
            switch (outcome) {
                case STORED -> stats.casHits.increment();
                case EXISTS -> stats.casBadval.increment();
                case NOT_FOUND -> stats.casMisses.increment();
                default -> { }
            }
        }
        reply(c, replies, switch (outcome) {
            case STORED -> Responses.STORED;
            case NOT_STORED -> Responses.NOT_STORED;
            case EXISTS -> Responses.EXISTS;
            case NOT_FOUND -> Responses.NOT_FOUND;
            case OUT_OF_MEMORY -> ErrorReply.OUT_OF_MEMORY.line();
        });
    }

    private void arithmetic(Arithmetic c, ReplySink replies) {
        ArithmeticResult result = store.arithmetic(c.key(), c.increment(), c.delta());
        switch (result.status()) {
            case UPDATED -> {
                (c.increment() ? stats.incrHits : stats.decrHits).increment();
                if (!c.noreply()) {
                    byte[] item = result.item();
                    ByteBuf out = replies.buffer();
                    out.writeBytes(item, Items.valueOffset(), Items.valueLength(item));
                    out.writeBytes(Responses.CRLF);
                }
            }
            case NOT_FOUND -> {
                (c.increment() ? stats.incrMisses : stats.decrMisses).increment();
                reply(c, replies, Responses.NOT_FOUND);
            }
            case NON_NUMERIC -> reply(c, replies, ErrorReply.NON_NUMERIC.line());
        }
    }

    private static void reply(Command c, ReplySink replies, byte[] line) {
        if (!c.noreply()) {
            replies.buffer().writeBytes(line);
        }
    }
}
