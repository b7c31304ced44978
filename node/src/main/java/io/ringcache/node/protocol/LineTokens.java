package io.ringcache.node.protocol;

import io.netty.buffer.ByteBuf;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.UnsignedDecimal;
import java.util.Arrays;

/**
 * The space-separated tokens of one command line, as offsets into the decoder's buffer, and the
 * parsers for them. Numbers are parsed from the bytes; no String is made.
 *
 * <p>One instance per decoder (so per connection); reused for every line; not thread-safe.
 */
final class LineTokens {

    /** Returned by the number parsers for malformed input (no valid token parses to it). */
    static final long INVALID = Long.MIN_VALUE;

    private ByteBuf buf;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int count;
    /** Result of {@link #parseUnsigned64}; every 64-bit pattern is a valid result there. */
    private long unsigned64;

    /** Splits {@code [from, to)} on spaces, as memcached does (runs of spaces make no empty tokens). */
    void split(ByteBuf buf, int from, int to) {
        this.buf = buf;
        count = 0;
        int i = from;
        while (i < to) {
            while (i < to && buf.getByte(i) == ' ') {
                i++;
            }
            if (i == to) {
                break;
            }
            int start = i;
            while (i < to && buf.getByte(i) != ' ') {
                i++;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            starts[count] = start;
            ends[count] = i;
            count++;
        }
    }

    ByteBuf buffer() {
        return buf;
    }

    int count() {
        return count;
    }

    int start(int i) {
        return starts[i];
    }

    int length(int i) {
        return ends[i] - starts[i];
    }

    byte byteAt(int token, int index) {
        return buf.getByte(starts[token] + index);
    }

    boolean is(int i, byte[] word) {
        if (i >= count || length(i) != word.length) {
            return false;
        }
        for (int j = 0; j < word.length; j++) {
            if (buf.getByte(starts[i] + j) != word[j]) {
                return false;
            }
        }
        return true;
    }

    boolean startsWith(int i, byte[] prefix) {
        if (i >= count || length(i) < prefix.length) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (buf.getByte(starts[i] + j) != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the token is a key memcached clients can rely on: 1 to 250 bytes, none of them a
     * control character, space or DEL (memcached accepts some of these; ringcache does not).
     */
    boolean isValidKey(int i) {
        int len = length(i);
        if (len < 1 || len > NodeSettings.MAX_KEY_LENGTH) {
            return false;
        }
        for (int j = starts[i]; j < ends[i]; j++) {
            byte b = buf.getByte(j);
            if ((b & 0xff) <= ' ' || b == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Copies the token into a new key; the one allocation a key costs. */
    ItemKey key(int i) {
        byte[] bytes = new byte[length(i)];
        buf.getBytes(starts[i], bytes);
        return ItemKey.wrap(bytes);
    }

    byte[] copy(int i) {
        byte[] bytes = new byte[length(i)];
        buf.getBytes(starts[i], bytes);
        return bytes;
    }

    /** A decimal in {@code [0, max]} (max below 2^63), or {@link #INVALID}. */
    long parseUnsigned(int i, long max) {
        return parseUnsigned(starts[i], ends[i], max);
    }

    long parseUnsigned(int from, int to, long max) {
        if (from >= to || to - from > 19) {
            return INVALID;
        }
        long value = 0;
        for (int j = from; j < to; j++) {
            int d = buf.getByte(j) - '0';
            if (d < 0 || d > 9) {
                return INVALID;
            }
            value = value * 10 + d;
        }
        return value <= max ? value : INVALID;
    }

    /** A decimal with an optional minus sign in {@code [-2^31, 2^31-1]}, or {@link #INVALID}. */
    long parseInt32(int i) {
        int from = starts[i];
        boolean negative = from < ends[i] && buf.getByte(from) == '-';
        long magnitude = parseUnsigned(negative ? from + 1 : from, ends[i], negative ? 1L << 31 : Integer.MAX_VALUE);
        if (magnitude == INVALID) {
            return INVALID;
        }
        return negative ? -magnitude : magnitude;
    }

    /** Parses an unsigned 64-bit decimal; on success the value is in {@link #unsigned64()}. */
    boolean parseUnsigned64(int i) {
        return parseUnsigned64(starts[i], ends[i]);
    }

    boolean parseUnsigned64(int from, int to) {
        if (from >= to || to - from > UnsignedDecimal.MAX_DIGITS) {
            return false;
        }
        long value = 0;
        for (int j = from; j < to; j++) {
            int d = buf.getByte(j) - '0';
            if (d < 0 || d > 9 || !UnsignedDecimal.fitsAnotherDigit(value, d)) {
                return false;
            }
            value = value * 10 + d;
        }
        unsigned64 = value;
        return true;
    }

    long unsigned64() {
        return unsigned64;
    }
}
