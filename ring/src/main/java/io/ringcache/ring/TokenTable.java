package io.ringcache.ring;

/**
 * Token positions on the 64-bit circle, sorted as unsigned numbers, and the member index owning each.
 * Token {@code i} ends the range {@code (token[i-1], token[i]]}; the first token's range wraps from
 * the last. In the ketama modes the tokens are the clients' 32-bit points.
 */
record TokenTable(long[] tokens, int[] owners) {

    static final TokenTable EMPTY = new TokenTable(new long[0], new int[0]);

    int size() {
        return tokens.length;
    }

    /** The index of the token whose range holds {@code position}: the first token at or after it, wrapping. */
    int indexOf(long position) {
        long[] t = tokens;
        int lo = 0;
        int hi = t.length;
        long key = position ^ Long.MIN_VALUE;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((t[mid] ^ Long.MIN_VALUE) < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == t.length ? 0 : lo;
    }

    /** Size of token {@code i}'s range; a lone token owns the whole circle, reported as 2^64 - 1. */
    long rangeSize(int i) {
        if (tokens.length == 1) {
            return -1L;
        }
        long previous = tokens[i == 0 ? tokens.length - 1 : i - 1];
        return tokens[i] - previous;
    }
}
