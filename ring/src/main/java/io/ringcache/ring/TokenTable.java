package io.ringcache.ring;

/**
 * Token positions on the 64-bit circle, sorted as unsigned numbers, and the member index owning each.
 * Token {@code i} ends the range {@code (token[i-1], token[i]]}; the first token's range wraps from
 * the last. In the ketama modes the tokens are the clients' 32-bit points, in the high half.
 *
 * <p>A lookup first reads a small index by the position's top bits (the first token of each of
 * 2^k equal slices of the circle, about one token per slice), then binary-searches the few tokens
 * of its slice: two cache lines instead of a dozen.
 */
final class TokenTable {

    static final TokenTable EMPTY = new TokenTable(new long[0], new int[0]);

    private final long[] tokens;
    private final int[] owners;
    private final int sliceShift;
    /** sliceStart[s] = index of the first token in slice s or later; one extra entry = size. */
    private final int[] sliceStart;

    TokenTable(long[] tokens, int[] owners) {
        this.tokens = tokens;
        this.owners = owners;
        int bits = Math.max(1, Math.min(20, 32 - Integer.numberOfLeadingZeros(Math.max(1, tokens.length))));
        this.sliceShift = 64 - bits;
        int slices = 1 << bits;
        this.sliceStart = new int[slices + 1];
        int t = 0;
        for (int s = 0; s < slices; s++) {
            while (t < tokens.length && (tokens[t] >>> sliceShift) < s) {
                t++;
            }
            sliceStart[s] = t;
        }
        sliceStart[slices] = tokens.length;
    }

    long[] tokens() {
        return tokens;
    }

    int[] owners() {
        return owners;
    }

    int size() {
        return tokens.length;
    }

    /** The index of the token whose range holds {@code position}: the first token at or after it, wrapping. */
    int indexOf(long position) {
        int slice = (int) (position >>> sliceShift);
        int lo = sliceStart[slice];
        int hi = sliceStart[slice + 1];
        long key = position ^ Long.MIN_VALUE;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((tokens[mid] ^ Long.MIN_VALUE) < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == tokens.length ? 0 : lo;
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
