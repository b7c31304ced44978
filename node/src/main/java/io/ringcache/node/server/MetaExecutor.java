package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.MetaArithmetic;
import io.ringcache.node.protocol.Command.MetaDebug;
import io.ringcache.node.protocol.Command.MetaDelete;
import io.ringcache.node.protocol.Command.MetaGet;
import io.ringcache.node.protocol.Command.MetaSet;
import io.ringcache.node.protocol.ErrorReply;
import io.ringcache.node.protocol.MetaFlags;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.store.ArithmeticRequest;
import io.ringcache.node.store.CasRule;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.MetaGetRequest;
import io.ringcache.node.store.MetaLookup;
import io.ringcache.node.store.MetaOperations;
import io.ringcache.node.store.MetaStatus;
import io.ringcache.node.store.MetaWrite;
import io.ringcache.node.store.SlabClasses;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Runs meta commands (mg, ms, md, ma, me; mn is answered with the classic ones) and writes their answers: a two-letter code, then the
 * return flags in the order the client asked for them, then for mg the recache flags Z, X, W.
 * The q flag silences the success code that needs no reading (HD, and EN for mg); errors and
 * failures always answer.
 */
final class MetaExecutor {

    private static final byte[] HD = ascii("HD");
    private static final byte[] VA = ascii("VA ");
    private static final byte[] EN = ascii("EN");
    private static final byte[] NS = ascii("NS");
    private static final byte[] EX = ascii("EX");
    private static final byte[] NF = ascii("NF");
    private static final byte[] BASE64_MARK = ascii(" b");
    private static final byte[] TTL_UNLIMITED = ascii("-1");
    private static final byte[] EN_LINE = Responses.line("EN");
    private static final byte[] ME = ascii("ME ");
    private static final byte[] EXP = ascii(" exp=");
    private static final byte[] LAST_ACCESS = ascii(" la=");
    private static final byte[] CAS = ascii(" cas=");
    private static final byte[] FETCHED_YES = ascii(" fetch=yes");
    private static final byte[] FETCHED_NO = ascii(" fetch=no");
    private static final byte[] SLAB_CLASS = ascii(" cls=");
    private static final byte[] SIZE = ascii(" size=");

    private final ItemStore store;
    private final MetaOperations operations;
    private final NodeStats stats;

    MetaExecutor(ItemStore store, NodeStats stats) {
        this.store = store;
        this.operations = new MetaOperations(store);
        this.stats = stats;
    }

    /** Returns false when {@code command} is not a meta command. */
    boolean execute(Command command, ReplySink replies) {
        if (command instanceof MetaGet c) {
            get(c, replies.buffer(), replies);
        } else if (command instanceof MetaSet c) {
            set(c, replies.buffer());
        } else if (command instanceof MetaDelete c) {
            delete(c, replies.buffer());
        } else if (command instanceof MetaArithmetic c) {
            arithmetic(c, replies.buffer());
        } else if (command instanceof MetaDebug c) {
            debug(c, replies.buffer());
        } else {
            return false;
        }
        return true;
    }

    private void get(MetaGet c, ByteBuf out, ReplySink replies) {
        MetaFlags f = c.flags();
        boolean touch = f.has('T');
        stats.cmdGet.increment();
        if (touch) {
            stats.cmdTouch.increment();
        }
        MetaGetRequest request = touch || f.has('N') || f.has('R')
                ? new MetaGetRequest(f.inOrder("TNRt"), f.ttl(), f.vivifyTtl(), f.recacheBelow())
                : MetaGetRequest.READ;
        MetaLookup hit = operations.lookup(c.key(), request);
        if (hit == null) {
            stats.getMisses.increment();
            if (touch) {
                stats.touchMisses.increment();
            }
            if (!f.quiet()) {
                out.writeBytes(EN);
                writeEcho(out, c.key(), f);
                out.writeBytes(Responses.CRLF);
            }
            return;
        }
        stats.getHits.increment();
        if (touch) {
            stats.touchHits.increment();
        }
        byte[] item = hit.item();
        int length = Items.valueLength(item);
        boolean withValue = f.has('v');
        if (withValue) {
            out.writeBytes(VA);
            Responses.writeUnsigned(out, length);
        } else {
            out.writeBytes(HD);
        }
        for (int i = 0; i < f.count(); i++) {
            byte flag = f.flagAt(i);
            switch (flag) {
                case 's' -> writeNumber(out, 's', length);
                case 't' -> writeTtl(out, hit.shownExpiry());
                case 'c' -> writeNumber(out, 'c', Items.cas(item));
                case 'f' -> writeNumber(out, 'f', Integer.toUnsignedLong(Items.flags(item)));
                case 'k', 'O' -> writeEchoFlag(out, flag, c.key(), f);
                case 'h' -> writeNumber(out, 'h', Items.fetched(item) ? 1 : 0);
                case 'l' -> writeNumber(out, 'l', Math.max(0, store.nowSeconds() - Items.lastAccess(item)));
                default -> { }
            }
        }
        if (!f.has('u')) {
            store.fetched(item); // after h and l, which report what came before this fetch
        }
        if (hit.winHandedOut()) {
            writeFlag(out, 'Z');
        }
        if (hit.stale()) {
            writeFlag(out, 'X');
        }
        if (hit.won()) {
            writeFlag(out, 'W');
        }
        out.writeBytes(Responses.CRLF);
        if (withValue) {
            replies.writeValue(item, Items.valueOffset(item), length);
            replies.buffer().writeBytes(Responses.CRLF);
        }
    }

    private void set(MetaSet c, ByteBuf out) {
        MetaFlags f = c.flags();
        stats.cmdSet.increment();
        MetaWrite result = operations.store(c.mode(), c.key(), c.item(), f.clientFlags(), f.ttl(), casRule(f, true));
        if (result.status() == MetaStatus.OUT_OF_MEMORY) {
            out.writeBytes(ErrorReply.OUT_OF_MEMORY.line());
            return;
        }
        if (f.has('C')) {
            switch (result.status()) {
                case DONE -> stats.casHits.increment();
                case EXISTS -> stats.casBadval.increment();
                case NOT_FOUND -> stats.casMisses.increment();
                default -> { }
            }
        }
        if (result.status() == MetaStatus.DONE && f.quiet()) {
            return;
        }
        out.writeBytes(code(result.status()));
        for (int i = 0; i < f.count(); i++) {
            byte flag = f.flagAt(i);
            if (flag == 'c') {
                // memcached answers c0 when nothing was stored
                writeNumber(out, 'c', result.item() == null ? 0 : Items.cas(result.item()));
            } else if (flag == 'k' || flag == 'O') {
                writeEchoFlag(out, flag, c.key(), f);
            }
        }
        out.writeBytes(Responses.CRLF);
    }

    private void delete(MetaDelete c, ByteBuf out) {
        MetaFlags f = c.flags();
        MetaStatus status = operations.delete(c.key(), casRule(f, false), f.has('I'), f.has('T'), f.ttl());
        (status == MetaStatus.DONE ? stats.deleteHits : stats.deleteMisses).increment();
        if (status == MetaStatus.DONE && f.quiet()) {
            return;
        }
        out.writeBytes(code(status));
        writeEcho(out, c.key(), f);
        out.writeBytes(Responses.CRLF);
    }

    private void arithmetic(MetaArithmetic c, ByteBuf out) {
        MetaFlags f = c.flags();
        ArithmeticRequest request = new ArithmeticRequest(c.increment(), f.delta(), f.has('N'), f.vivifyTtl(),
                f.initial(), f.ttl(), f.inOrder("TNt"), casRule(f, false));
        MetaWrite result = operations.arithmetic(c.key(), request);
        if (result.status() == MetaStatus.NON_NUMERIC) {
            out.writeBytes(ErrorReply.NON_NUMERIC.line());
            return;
        }
        boolean done = result.status() == MetaStatus.DONE;
        if (c.increment()) {
            (done ? stats.incrHits : stats.incrMisses).increment();
        } else {
            (done ? stats.decrHits : stats.decrMisses).increment();
        }
        if (!done) {
            out.writeBytes(code(result.status()));
            writeEcho(out, c.key(), f);
            out.writeBytes(Responses.CRLF);
            return;
        }
        if (f.quiet() && !result.created()) {
            return; // memcached's q silences an update even when it asked for the value, never a creation
        }
        boolean withValue = f.has('v');
        byte[] item = result.item();
        int length = Items.valueLength(item);
        if (withValue) {
            out.writeBytes(VA);
            Responses.writeUnsigned(out, length);
        } else {
            out.writeBytes(HD);
        }
        for (int i = 0; i < f.count(); i++) {
            byte flag = f.flagAt(i);
            switch (flag) {
                case 't' -> writeTtl(out, result.shownExpiry());
                case 'c' -> writeNumber(out, 'c', Items.cas(item));
                case 'k', 'O' -> writeEchoFlag(out, flag, c.key(), f);
                default -> { }
            }
        }
        out.writeBytes(Responses.CRLF);
        if (withValue) {
            out.writeBytes(item, Items.valueOffset(item), length);
            out.writeBytes(Responses.CRLF);
        }
    }

    /** C compares, E sets the new unique; for ms, I turns an older C into a stale write. */
    private static CasRule casRule(MetaFlags f, boolean staleOnOlderCas) {
        if (!f.has('C') && !f.has('E')) {
            return CasRule.NONE;
        }
        return new CasRule(f.has('C'), f.compareCas(), staleOnOlderCas && f.has('I'), f.has('E'), f.newCas());
    }

    private static byte[] code(MetaStatus status) {
        return switch (status) {
            case DONE -> HD;
            case NOT_STORED -> NS;
            case EXISTS -> EX;
            case NOT_FOUND -> NF;
            default -> throw new IllegalArgumentException("no meta code for " + status);
        };
    }

    /**
     * me: {@code ME <key> exp=<s> la=<s> cas=<n> fetch=yes|no cls=<n> size=<n>}, or EN. As memcached
     * 1.6.18 writes it: exp is now minus the expiry (negative while the item lives; -1 for none), la
     * the seconds since the last access, cls and size the slab class and bytes memcached would use.
     * The key is answered base64-encoded when it was asked so (memcached remembers that per item).
     */
    private void debug(MetaDebug c, ByteBuf out) {
        byte[] item = store.get(c.key());
        if (item == null) {
            out.writeBytes(EN_LINE);
            return;
        }
        long now = store.nowSeconds();
        out.writeBytes(ME);
        out.writeBytes(c.base64Key() ? Base64.getEncoder().encode(c.key().bytes()) : c.key().bytes());
        out.writeBytes(EXP);
        long expires = Items.expiresAt(item);
        writeSigned(out, expires == 0 ? -1 : now - expires);
        out.writeBytes(LAST_ACCESS);
        Responses.writeUnsigned(out, Math.max(0, now - Items.lastAccess(item)));
        out.writeBytes(CAS);
        Responses.writeUnsigned(out, Items.cas(item));
        out.writeBytes(Items.fetched(item) ? FETCHED_YES : FETCHED_NO);
        long size = ItemStore.memcachedItemSize(c.key().length(), Items.flags(item), Items.valueLength(item));
        out.writeBytes(SLAB_CLASS);
        Responses.writeUnsigned(out, SlabClasses.of(size));
        out.writeBytes(SIZE);
        Responses.writeUnsigned(out, size);
        out.writeBytes(Responses.CRLF);
    }

    private static void writeSigned(ByteBuf out, long value) {
        if (value < 0) {
            out.writeByte('-');
        }
        Responses.writeUnsigned(out, Math.abs(value));
    }

    /** t: the remaining TTL of an item expiring at {@code expires} (unix seconds), -1 for never. */
    private void writeTtl(ByteBuf out, long expires) {
        writeFlag(out, 't');
        if (expires == 0) {
            out.writeBytes(TTL_UNLIMITED);
        } else {
            Responses.writeUnsigned(out, Math.max(expires - store.nowSeconds(), 0));
        }
    }

    /** The flags every meta answer echoes, k and O, in the client's order. */
    private static void writeEcho(ByteBuf out, ItemKey key, MetaFlags f) {
        for (int i = 0; i < f.count(); i++) {
            byte flag = f.flagAt(i);
            if (flag == 'k' || flag == 'O') {
                writeEchoFlag(out, flag, key, f);
            }
        }
    }

    private static void writeEchoFlag(ByteBuf out, byte flag, ItemKey key, MetaFlags f) {
        writeFlag(out, flag);
        if (flag == 'O') {
            out.writeBytes(f.opaque());
        } else if (f.base64Key()) {
            out.writeBytes(Base64.getEncoder().encode(key.bytes()));
            out.writeBytes(BASE64_MARK);
        } else {
            out.writeBytes(key.bytes());
        }
    }

    private static void writeNumber(ByteBuf out, char flag, long value) {
        writeFlag(out, flag);
        Responses.writeUnsigned(out, value);
    }

    private static void writeFlag(ByteBuf out, int flag) {
        out.writeByte(' ');
        out.writeByte(flag);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
