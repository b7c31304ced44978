package io.ringcache.ring;

/**
 * Token positions on the 64-bit circle, sorted as unsigned numbers, and the member index owning each.
 * Token {@code i} ends the range {@code (token[i-1], token[i]]}; the first token's range wraps from
 * the last. In the ketama modes the tokens are the clients' 32-bit points, in the high half.
 * (Lookups go through {@link LookupTable}, built from this.)
 */
final class TokenTable {

    static final TokenTable EMPTY = new TokenTable(new long[0], new int[0]);

    private final long[] tokens;
    private final int[] owners;

    TokenTable(long[] tokens, int[] owners) {
        this.tokens = tokens;
        this.owners = owners;
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

    /** Size of token {@code i}'s range; a lone token owns the whole circle, reported as 2^64 - 1. */
    long rangeSize(int i) {
        if (tokens.length == 1) {
            return -1L;
        }
        long previous = tokens[i == 0 ? tokens.length - 1 : i - 1];
        return tokens[i] - previous;
    }
}
