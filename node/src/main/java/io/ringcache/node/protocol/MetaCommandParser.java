package io.ringcache.node.protocol;

import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.Command.Invalid;
import io.ringcache.node.protocol.Command.MetaArithmetic;
import io.ringcache.node.protocol.Command.MetaDebug;
import io.ringcache.node.protocol.Command.MetaDelete;
import io.ringcache.node.protocol.Command.MetaGet;
import io.ringcache.node.protocol.Command.MetaSet;
import io.ringcache.node.protocol.Command.TooLarge;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.StoreMode;
import java.util.Base64;

/**
 * Turns a tokenized meta command line (memcached 1.6's mg, ms, md, ma, mn) into a {@link Command}.
 *
 * <pre>
 *   mg &lt;key&gt; &lt;flag&gt;*
 *   ms &lt;key&gt; &lt;datalen&gt; &lt;flag&gt;*   + data block
 *   md &lt;key&gt; &lt;flag&gt;*
 *   ma &lt;key&gt; &lt;flag&gt;*
 *   mn
 *   me &lt;key&gt; [b]
 * </pre>
 *
 * A flag is one letter, some followed by a token (T30, O123, MA). Each command accepts the letters
 * memcached 1.6 documents for it that ringcache implements; any other letter is an error, never
 * silently ignored. The error words are memcached 1.6.18's: mg and ms name the fault, md and ma say
 * {@code invalid or duplicate flag} for all of them. {@code E} (set the CAS unique) is from later 1.6
 * releases; ringcache's replicas use it.
 */
final class MetaCommandParser {

    /** memcached refuses a meta line of more than 19 tokens (MFLAG_MAX_OPT_LENGTH counts one more). */
    static final int MAX_TOKENS = 19;
    private static final long MAX_BYTE_COUNT = Integer.MAX_VALUE - 2;
    private static final long MAX_CLIENT_FLAGS = 0xFFFF_FFFFL;
    private static final Invalid ERROR = new Invalid(ErrorReply.ERROR, false, false);

    /** What each command accepts, as memcached 1.6.18 does (its md has no x yet). */
    private static final String MG_FLAGS = "bcfhklOqstuvNRTE";
    private static final String MS_FLAGS = "bcCEFIkOqsTM";
    private static final String MD_FLAGS = "bCEIkOqT";
    private static final String MA_FLAGS = "bCENJDTMqOktcv";

    private final LineTokens t;
    private final ParsedLine out;
    private final int maxItemSize;

    MetaCommandParser(LineTokens tokens, ParsedLine out, int maxItemSize) {
        this.t = tokens;
        this.out = out;
        this.maxItemSize = maxItemSize;
    }

    ParsedLine parse(Keyword keyword) {
        return switch (keyword) {
            case META_NOOP -> out.set(Command.META_NOOP);
            case META_GET -> keyed(keyword, MG_FLAGS, true);
            case META_DELETE -> keyed(keyword, MD_FLAGS, false);
            case META_ARITHMETIC -> keyed(keyword, MA_FLAGS, false);
            case META_SET -> set();
            case META_DEBUG -> debug();
            default -> throw new IllegalArgumentException("not a meta command: " + keyword);
        };
    }

    private ParsedLine keyed(Keyword keyword, String allowed, boolean specificErrors) {
        int n = t.count();
        if (n < 2) {
            return out.set(ERROR);
        }
        if (n > MAX_TOKENS) {
            return invalid(ErrorReply.TOO_MANY_FLAGS);
        }
        if (t.length(1) > NodeSettings.MAX_KEY_LENGTH) {
            return invalid(ErrorReply.BAD_COMMAND_LINE);
        }
        MetaFlags flags = new MetaFlags(n - 2);
        ErrorReply error = readFlags(2, allowed, specificErrors, flags);
        if (error != null) {
            return invalid(error);
        }
        ItemKey key = key(flags.base64Key());
        if (key == null) {
            return invalid(flags.base64Key() ? ErrorReply.BAD_KEY_ENCODING : ErrorReply.BAD_COMMAND_LINE);
        }
        if (keyword == Keyword.META_GET) {
            return out.set(new MetaGet(key, flags));
        }
        if (keyword == Keyword.META_DELETE) {
            return out.set(new MetaDelete(key, flags));
        }
        return switch (flags.mode()) {
            case 0, 'I', 'i', '+' -> out.set(new MetaArithmetic(key, true, flags));
            case 'D', 'd', '-' -> out.set(new MetaArithmetic(key, false, flags));
            default -> invalid(ErrorReply.BAD_ARITHMETIC_MODE);
        };
    }

    private ParsedLine set() {
        int n = t.count();
        if (n < 2) {
            return out.set(ERROR);
        }
        if (n > MAX_TOKENS) {
            return invalid(ErrorReply.TOO_MANY_FLAGS);
        }
        long bytes = n < 3 ? LineTokens.INVALID : t.parseUnsigned(2, MAX_BYTE_COUNT);
        if (bytes == LineTokens.INVALID) {
            // Without a length the data block cannot be found: the client resynchronises.
            return invalid(ErrorReply.BAD_COMMAND_LINE);
        }
        long swallow = bytes + 2;
        if (t.length(1) > NodeSettings.MAX_KEY_LENGTH) {
            return invalid(ErrorReply.BAD_COMMAND_LINE).swallowing(swallow);
        }
        MetaFlags flags = new MetaFlags(n - 3);
        ErrorReply error = readFlags(3, MS_FLAGS, true, flags);
        if (error != null) {
            return invalid(error).swallowing(swallow);
        }
        StoreMode mode = storeMode(flags.mode());
        if (mode == null) {
            return invalid(ErrorReply.BAD_MODE).swallowing(swallow);
        }
        ItemKey key = key(flags.base64Key());
        if (key == null) {
            return invalid(flags.base64Key() ? ErrorReply.BAD_KEY_ENCODING : ErrorReply.BAD_COMMAND_LINE)
                    .swallowing(swallow);
        }
        if (ItemStore.memcachedItemSize(key.length(), flags.clientFlags(), bytes) > maxItemSize) {
            return out.set(new TooLarge(key, false)).swallowing(swallow);
        }
        byte[] item = Items.allocate(key, (int) bytes);
        return out.set(new MetaSet(key, mode, item, flags)).withData(item);
    }

    private static StoreMode storeMode(byte letter) {
        return switch (letter) {
            case 0, 'S', 's' -> StoreMode.SET;
            case 'E', 'e' -> StoreMode.ADD;
            case 'A', 'a' -> StoreMode.APPEND;
            case 'P', 'p' -> StoreMode.PREPEND;
            case 'R', 'r' -> StoreMode.REPLACE;
            default -> null;
        };
    }

    /** Reads flag tokens from {@code first} on into {@code flags}; returns the error, or null. */
    private ErrorReply readFlags(int first, String allowed, boolean specificErrors, MetaFlags flags) {
        for (int i = first; i < t.count(); i++) {
            byte letter = t.byteAt(i, 0);
            if (allowed.indexOf(letter) < 0) {
                return specificErrors ? ErrorReply.BAD_FLAG : ErrorReply.INVALID_OR_DUPLICATE_FLAG;
            }
            if (!flags.add(letter)) {
                return specificErrors ? ErrorReply.DUPLICATE_FLAG : ErrorReply.INVALID_OR_DUPLICATE_FLAG;
            }
            ErrorReply error = readToken(i, letter, flags);
            if (error != null) {
                return error == ErrorReply.BAD_TOKEN && !specificErrors ? ErrorReply.INVALID_OR_DUPLICATE_FLAG : error;
            }
        }
        return null;
    }

    private ErrorReply readToken(int i, byte letter, MetaFlags flags) {
        int from = t.start(i) + 1;
        int to = t.start(i) + t.length(i);
        switch (letter) {
            case 'O' -> {
                if (to - from > MetaFlags.MAX_OPAQUE_LENGTH) {
                    return ErrorReply.OPAQUE_TOO_LONG;
                }
                byte[] opaque = new byte[to - from];
                t.buffer().getBytes(from, opaque);
                flags.opaque(opaque);
            }
            case 'M' -> flags.mode(to > from ? t.buffer().getByte(from) : (byte) '?');
            case 'T', 'N', 'R' -> {
                long value = signed32(from, to);
                if (value == LineTokens.INVALID) {
                    return ErrorReply.BAD_TOKEN;
                }
                switch (letter) {
                    case 'T' -> flags.ttl(value);
                    case 'N' -> flags.vivifyTtl(value);
                    default -> flags.recacheBelow(value);
                }
            }
            case 'F' -> {
                long value = t.parseUnsigned(from, to, MAX_CLIENT_FLAGS);
                if (value == LineTokens.INVALID) {
                    return ErrorReply.BAD_TOKEN;
                }
                flags.clientFlags(value);
            }
            case 'C', 'E', 'D', 'J' -> {
                if (!t.parseUnsigned64(from, to)) {
                    return ErrorReply.BAD_TOKEN;
                }
                long value = t.unsigned64();
                switch (letter) {
                    case 'C' -> flags.compareCas(value);
                    case 'E' -> flags.newCas(value);
                    case 'D' -> flags.delta(value);
                    default -> flags.initial(value);
                }
            }
            default -> {
                // a flag without a token; memcached ignores what follows the letter
            }
        }
        return null;
    }

    private long signed32(int from, int to) {
        boolean negative = from < to && t.buffer().getByte(from) == '-';
        long magnitude = t.parseUnsigned(negative ? from + 1 : from, to, negative ? 1L << 31 : Integer.MAX_VALUE);
        if (magnitude == LineTokens.INVALID) {
            return LineTokens.INVALID;
        }
        return negative ? -magnitude : magnitude;
    }

    /**
     * me: memcached 1.6.18 reads no flags here, only a {@code b} right after the key (base64 key), and
     * ignores any other token; every fault is {@code bad command line format}.
     */
    private ParsedLine debug() {
        if (t.count() < 2 || t.length(1) > NodeSettings.MAX_KEY_LENGTH) {
            return invalid(ErrorReply.BAD_COMMAND_LINE);
        }
        boolean base64 = t.count() >= 3 && t.length(2) == 1 && t.byteAt(2, 0) == 'b';
        ItemKey key = key(base64);
        return key == null ? invalid(ErrorReply.BAD_COMMAND_LINE) : out.set(new MetaDebug(key, base64));
    }

    /** The key, base64-decoded when {@code base64}; null when it is not a valid key. */
    private ItemKey key(boolean base64) {
        if (!base64) {
            return t.isValidKey(1) ? t.key(1) : null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(t.copy(1));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        // A binary key may hold any byte: it is only ever sent back encoded.
        return decoded.length == 0 || decoded.length > NodeSettings.MAX_KEY_LENGTH ? null : ItemKey.wrap(decoded);
    }

    private ParsedLine invalid(ErrorReply reply) {
        return out.set(new Invalid(reply, false, false));
    }
}
