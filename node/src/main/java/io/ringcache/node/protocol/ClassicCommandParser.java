package io.ringcache.node.protocol;

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
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.StoreMode;
import java.nio.charset.StandardCharsets;

/**
 * Turns a tokenized classic text-protocol line into a {@link Command}. Argument-count errors answer
 * {@code ERROR} and malformed arguments {@code CLIENT_ERROR ...}, as memcached 1.6 does; a trailing
 * {@code noreply} silences errors too. Grammar, per command (tokens separated by spaces):
 *
 * <pre>
 *   get|gets &lt;key&gt;+
 *   gat|gats &lt;exptime&gt; &lt;key&gt;+
 *   set|add|replace|append|prepend &lt;key&gt; &lt;flags&gt; &lt;exptime&gt; &lt;bytes&gt; [noreply]  + data block
 *   cas &lt;key&gt; &lt;flags&gt; &lt;exptime&gt; &lt;bytes&gt; &lt;cas unique&gt; [noreply]          + data block
 *   delete &lt;key&gt; [0] [noreply]
 *   incr|decr &lt;key&gt; &lt;delta&gt; [noreply]
 *   touch &lt;key&gt; &lt;exptime&gt; [noreply]
 *   flush_all [delay] [noreply]
 *   version | verbosity &lt;level&gt; [noreply] | stats [group] | quit
 * </pre>
 */
final class ClassicCommandParser {

    static final byte[] NOREPLY = "noreply".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO = {'0'};
    private static final byte[] WATCH = "watch".getBytes(StandardCharsets.US_ASCII);
    /** memcached reads the byte count as an int and adds 2 for the CRLF. */
    private static final long MAX_BYTE_COUNT = Integer.MAX_VALUE - 2;
    private static final long MAX_FLAGS = 0xFFFF_FFFFL;

    private static final Invalid ERROR = new Invalid(ErrorReply.ERROR, false, false);

    private final LineTokens t;
    private final ParsedLine out;
    private final int maxItemSize;

    ClassicCommandParser(LineTokens tokens, ParsedLine out, int maxItemSize) {
        this.t = tokens;
        this.out = out;
        this.maxItemSize = maxItemSize;
    }

    ParsedLine parse(Keyword keyword) {
        return switch (keyword) {
            case GET -> retrieve(false, false);
            case GETS -> retrieve(true, false);
            case GAT -> retrieve(false, true);
            case GATS -> retrieve(true, true);
            case SET -> store(StoreMode.SET);
            case ADD -> store(StoreMode.ADD);
            case REPLACE -> store(StoreMode.REPLACE);
            case APPEND -> store(StoreMode.APPEND);
            case PREPEND -> store(StoreMode.PREPEND);
            case CAS -> store(StoreMode.CAS);
            case DELETE -> delete();
            case INCR -> arithmetic(true);
            case DECR -> arithmetic(false);
            case TOUCH -> touch();
            case FLUSH_ALL -> flushAll();
            case VERSION -> out.set(Command.VERSION);
            case VERBOSITY -> verbosity();
            case STATS -> stats();
            case QUIT -> out.set(Command.QUIT);
            case TOPOLOGY -> t.count() == 1 ? out.set(Command.TOPOLOGY)
                    : t.count() == 2 && t.is(1, WATCH) ? out.set(new Command.TopologyRequest(true)) : out.set(ERROR);
            default -> throw new IllegalArgumentException("not a classic command: " + keyword);
        };
    }

    private ParsedLine retrieve(boolean withCas, boolean touch) {
        int firstKey = touch ? 2 : 1;
        int n = t.count();
        if (n <= firstKey) {
            return out.set(ERROR);
        }
        long exptime = 0;
        if (touch) {
            exptime = t.parseInt32(1);
            if (exptime == LineTokens.INVALID) {
                return invalid(ErrorReply.INVALID_EXPTIME, false);
            }
        }
        ItemKey[] keys = new ItemKey[n - firstKey];
        for (int i = firstKey; i < n; i++) {
            if (!t.isValidKey(i)) {
                return invalid(ErrorReply.BAD_COMMAND_LINE, false);
            }
        }
        for (int i = firstKey; i < n; i++) {
            keys[i - firstKey] = t.key(i);
        }
        return out.set(new Retrieve(withCas, touch, exptime, keys));
    }

    private ParsedLine store(StoreMode mode) {
        int argc = mode == StoreMode.CAS ? 6 : 5;
        int n = t.count();
        if (n != argc && n != argc + 1) {
            return out.set(ERROR);
        }
        boolean noreply = n == argc + 1 && t.is(argc, NOREPLY);
        long bytes = t.parseUnsigned(4, MAX_BYTE_COUNT);
        if (bytes == LineTokens.INVALID) {
            // Without a byte count the data block cannot be found: the client resynchronises.
            return invalid(ErrorReply.BAD_COMMAND_LINE, noreply);
        }
        long swallow = bytes + 2;
        long flags = t.parseUnsigned(2, MAX_FLAGS);
        long exptime = t.parseInt32(3);
        boolean casOk = mode != StoreMode.CAS || t.parseUnsigned64(5);
        if (!t.isValidKey(1) || flags == LineTokens.INVALID || exptime == LineTokens.INVALID || !casOk) {
            return invalid(ErrorReply.BAD_COMMAND_LINE, noreply).swallowing(swallow);
        }
        ItemKey key = t.key(1);
        if (ItemStore.memcachedItemSize(key.length(), (int) flags, bytes) > maxItemSize) {
            return out.set(new TooLarge(key, noreply)).swallowing(swallow);
        }
        long casUnique = mode == StoreMode.CAS ? t.unsigned64() : 0;
        byte[] item = Items.allocate(key, (int) bytes);
        return out.set(new Store(mode, key, (int) flags, exptime, casUnique, item, noreply)).withData(item);
    }

    private ParsedLine delete() {
        int n = t.count();
        if (n < 2 || n > 4) {
            return out.set(ERROR);
        }
        boolean noreply = t.is(n - 1, NOREPLY);
        boolean holdIsZero = n > 2 && t.is(2, ZERO);
        boolean valid = n == 2 || (n == 3 && (holdIsZero || noreply)) || (n == 4 && holdIsZero && noreply);
        if (!valid) {
            return invalid(ErrorReply.DELETE_USAGE, noreply);
        }
        if (!t.isValidKey(1)) {
            return invalid(ErrorReply.BAD_COMMAND_LINE, noreply);
        }
        return out.set(new Delete(t.key(1), noreply));
    }

    private ParsedLine arithmetic(boolean increment) {
        int n = t.count();
        if (n != 3 && n != 4) {
            return out.set(ERROR);
        }
        boolean noreply = n == 4 && t.is(3, NOREPLY);
        if (!t.isValidKey(1)) {
            return invalid(ErrorReply.BAD_COMMAND_LINE, noreply);
        }
        if (!t.parseUnsigned64(2)) {
            return invalid(ErrorReply.INVALID_DELTA, noreply);
        }
        return out.set(new Arithmetic(increment, t.key(1), t.unsigned64(), noreply));
    }

    private ParsedLine touch() {
        int n = t.count();
        if (n != 3 && n != 4) {
            return out.set(ERROR);
        }
        boolean noreply = n == 4 && t.is(3, NOREPLY);
        if (!t.isValidKey(1)) {
            return invalid(ErrorReply.BAD_COMMAND_LINE, noreply);
        }
        long exptime = t.parseInt32(2);
        if (exptime == LineTokens.INVALID) {
            return invalid(ErrorReply.INVALID_EXPTIME, noreply);
        }
        return out.set(new Touch(t.key(1), exptime, noreply));
    }

    private ParsedLine flushAll() {
        int n = t.count();
        if (n > 3) {
            return out.set(ERROR);
        }
        boolean noreply = n > 1 && t.is(n - 1, NOREPLY);
        int delayTokens = n - 1 - (noreply ? 1 : 0);
        long delay = 0;
        if (delayTokens == 1) {
            delay = t.parseInt32(1);
            if (delay == LineTokens.INVALID) {
                return invalid(ErrorReply.INVALID_EXPTIME, noreply);
            }
        } else if (delayTokens > 1) {
            return invalid(ErrorReply.BAD_COMMAND_LINE, noreply);
        }
        return out.set(new FlushAll(Math.max(delay, 0), noreply));
    }

    private ParsedLine verbosity() {
        int n = t.count();
        if (n != 2 && n != 3) {
            return out.set(ERROR);
        }
        return out.set(new Verbosity(t.is(n - 1, NOREPLY)));
    }

    private ParsedLine stats() {
        if (t.count() == 1) {
            return out.set(new Stats(""));
        }
        // Rare and small: a String here costs nothing that matters.
        return out.set(new Stats(new String(t.copy(1), StandardCharsets.US_ASCII)));
    }

    private ParsedLine invalid(ErrorReply reply, boolean noreply) {
        return out.set(new Invalid(reply, noreply, false));
    }
}
