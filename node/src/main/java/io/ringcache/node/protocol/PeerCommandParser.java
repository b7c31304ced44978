package io.ringcache.node.protocol;

import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.Command.Invalid;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The commands cluster members send each other on peer connections (docs/cluster.md). Keys travel
 * base64-encoded, so any key does; versions and CAS uniques are unsigned 64-bit decimals; expiries
 * are absolute unix seconds (0 = never). The executor refuses all of these on a client connection.
 *
 * <pre>
 *   rc_put &lt;key&gt; &lt;version&gt; &lt;cas&gt; &lt;flags&gt; &lt;expires-at&gt; &lt;marks&gt; &lt;bytes&gt; [t]  + data block
 *                                                     -&gt; HD | EX &lt;held-version&gt; | SERVER_ERROR ...
 *   rc_del &lt;key&gt; &lt;version&gt; [t]                       -&gt; HD | EX &lt;held-version&gt; | SERVER_ERROR ...
 *   rc_get &lt;key&gt;                                     -&gt; VA &lt;bytes&gt; &lt;version&gt; &lt;cas&gt; &lt;flags&gt; &lt;expires-at&gt; &lt;marks&gt; + data
 *                                                        | NF &lt;version&gt; (a tombstone) | EN
 *   rc_flush &lt;floor&gt;                                 -&gt; HD
 *   rc_walked &lt;node-id&gt; &lt;epoch&gt;                      -&gt; HD
 *   rc_epoch                                         -&gt; HD &lt;epoch&gt;
 *   rc_ctx &lt;epoch&gt; &lt;deadline-ms&gt; &lt;flush-floor&gt;        (no answer: applies to the next request)
 * </pre>
 * {@code t} marks a rebalancing transfer.
 */
final class PeerCommandParser {

    private static final byte[] TRANSFER = {'t'};
    private static final long MAX_BYTE_COUNT = Integer.MAX_VALUE - 2;
    private static final Invalid ERROR = new Invalid(ErrorReply.ERROR, false, false);
    private static final Invalid BAD_LINE = new Invalid(ErrorReply.BAD_COMMAND_LINE, false, false);

    private final LineTokens t;
    private final ParsedLine out;
    private final int maxItemSize;

    PeerCommandParser(LineTokens tokens, ParsedLine out, int maxItemSize) {
        this.t = tokens;
        this.out = out;
        this.maxItemSize = maxItemSize;
    }

    ParsedLine parse(Keyword keyword) {
        return switch (keyword) {
            case PEER_PUT -> put();
            case PEER_DELETE -> delete();
            case PEER_GET -> t.count() == 2 && key(1) != null ? out.set(new Command.PeerGet(key(1))) : out.set(BAD_LINE);
            case PEER_FLUSH -> t.count() == 2 && t.parseUnsigned64(1) ? out.set(new Command.PeerFlush(t.unsigned64())) : out.set(BAD_LINE);
            case PEER_WALKED -> walked();
            case PEER_EPOCH -> t.count() == 1 ? out.set(Command.PEER_EPOCH) : out.set(ERROR);
            case PEER_CONTEXT -> context();
            default -> throw new IllegalArgumentException("not a peer command: " + keyword);
        };
    }

    private ParsedLine put() {
        int n = t.count();
        if (n != 8 && n != 9) {
            return out.set(ERROR);
        }
        long bytes = t.parseUnsigned(7, MAX_BYTE_COUNT);
        if (bytes == LineTokens.INVALID) {
            return out.set(BAD_LINE);
        }
        long swallow = bytes + 2;
        ItemKey key = key(1);
        boolean transfer = n == 9 && t.is(8, TRANSFER);
        if (key == null || !t.parseUnsigned64(2) || (n == 9 && !transfer)) {
            return out.set(BAD_LINE).swallowing(swallow);
        }
        long version = t.unsigned64();
        if (!t.parseUnsigned64(3)) {
            return out.set(BAD_LINE).swallowing(swallow);
        }
        long cas = t.unsigned64();
        long flags = t.parseUnsigned(4, 0xFFFF_FFFFL);
        long expiresAt = t.parseUnsigned(5, 0xFFFF_FFFFL);
        long marks = t.parseUnsigned(6, 0xFFFF_FFFFL);
        if (flags == LineTokens.INVALID || expiresAt == LineTokens.INVALID || marks == LineTokens.INVALID) {
            return out.set(BAD_LINE).swallowing(swallow);
        }
        if (ItemStore.memcachedItemSize(key.length(), (int) flags, bytes) > maxItemSize) {
            return out.set(new Invalid(ErrorReply.TOO_LARGE, false, false)).swallowing(swallow);
        }
        byte[] item = Items.allocate(key, (int) bytes);
        return out.set(new Command.PeerPut(key, version, cas, (int) flags, expiresAt, (int) marks, item, transfer))
                .withData(item);
    }

    private ParsedLine delete() {
        int n = t.count();
        if (n != 3 && n != 4) {
            return out.set(ERROR);
        }
        ItemKey key = key(1);
        boolean transfer = n == 4 && t.is(3, TRANSFER);
        if (key == null || !t.parseUnsigned64(2) || (n == 4 && !transfer)) {
            return out.set(BAD_LINE);
        }
        return out.set(new Command.PeerDelete(key, t.unsigned64(), transfer));
    }

    private ParsedLine walked() {
        if (t.count() != 3 || !t.isValidKey(1)) {
            return out.set(BAD_LINE);
        }
        long epoch = t.parseUnsigned(2, Long.MAX_VALUE - 1);
        if (epoch == LineTokens.INVALID) {
            return out.set(BAD_LINE);
        }
        return out.set(new Command.PeerWalked(new String(t.copy(1), StandardCharsets.UTF_8), epoch));
    }

    private ParsedLine context() {
        if (t.count() != 4) {
            return out.set(BAD_LINE);
        }
        long epoch = t.parseUnsigned(1, Long.MAX_VALUE - 1);
        long deadline = t.parseUnsigned(2, Long.MAX_VALUE - 1);
        if (epoch == LineTokens.INVALID || deadline == LineTokens.INVALID || !t.parseUnsigned64(3)) {
            return out.set(BAD_LINE);
        }
        return out.set(new Command.PeerContext(epoch, deadline, t.unsigned64()));
    }

    /** A base64 key; null when it does not decode to 1..250 bytes. */
    private ItemKey key(int i) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(t.copy(i));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        return decoded.length == 0 || decoded.length > NodeSettings.MAX_KEY_LENGTH ? null : ItemKey.wrap(decoded);
    }
}
