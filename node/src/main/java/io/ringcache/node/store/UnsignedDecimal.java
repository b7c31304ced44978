package io.ringcache.node.store;

/**
 * memcached's unsigned 64-bit decimals (incr/decr deltas, counters, CAS uniques): the one rule for
 * when another digit still fits, shared by the parser of command lines and the test of whether a
 * stored value is a counter.
 */
public final class UnsignedDecimal {

    /** Digits in 2^64 - 1; a longer run of digits cannot fit. */
    public static final int MAX_DIGITS = 20;

    private UnsignedDecimal() {
    }

    /** Whether {@code value * 10 + digit} is still below 2^64, reading {@code value} as unsigned. */
    public static boolean fitsAnotherDigit(long value, int digit) {
        if (Long.compareUnsigned(value, 0x1999_9999_9999_9999L) > 0) {
            return false;
        }
        long times10 = value * 10;
        return Long.compareUnsigned(times10 + digit, times10) >= 0;
    }
}
