package io.ringcache.node.store;

import java.nio.charset.StandardCharsets;

/**
 * incr/decr's view of an item: whether its value is a counter as memcached reads one, its number,
 * and a new item holding a number in decimal. Pure functions on item arrays ({@link Items}); the
 * store and the meta commands run them inside the key's compute.
 */
final class CounterItems {

    private CounterItems() {
    }

    /** The counter after incr ({@code increment}) or decr by {@code delta}: incr wraps at 2^64, decr stops at 0. */
    static long applyDelta(long value, boolean increment, long delta) {
        if (increment) {
            return value + delta; // wraps at 2^64, as memcached's incr does
        }
        return Long.compareUnsigned(value, delta) < 0 ? 0 : value - delta;
    }

    /** A new item of {@code key} holding {@code value} in decimal; the caller stamps it and sets its CAS unique. */
    static byte[] counterItem(ItemKey key, long value, int flags, long expiresAt) {
        byte[] digits = digits(value);
        return counterItem(Items.allocate(key, digits.length), digits, flags, expiresAt);
    }

    /** As {@link #counterItem(ItemKey, long, int, long)}, the key taken from {@code like}, an item of the same key. */
    static byte[] counterItem(byte[] like, long value, int flags, long expiresAt) {
        byte[] digits = digits(value);
        return counterItem(Items.allocateLike(like, digits.length), digits, flags, expiresAt);
    }

    private static byte[] digits(long value) {
        return Long.toUnsignedString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] counterItem(byte[] item, byte[] digits, int flags, long expiresAt) {
        System.arraycopy(digits, 0, item, Items.valueOffset(item), digits.length);
        Items.flags(item, flags);
        Items.expiresAt(item, expiresAt);
        return item;
    }

    /**
     * Whether the item's value is an unsigned 64-bit decimal, as memcached's strtoull accepts it:
     * digits, optionally followed by spaces (memcached pads decremented values with them).
     */
    static boolean isCounter(byte[] item) {
        int end = counterEnd(item);
        int off = Items.valueOffset(item);
        if (end == off || end - off > UnsignedDecimal.MAX_DIGITS) {
            return false;
        }
        long value = 0;
        for (int i = off; i < end; i++) {
            int d = item[i] - '0';
            if (d < 0 || d > 9 || !UnsignedDecimal.fitsAnotherDigit(value, d)) {
                return false;
            }
            value = value * 10 + d;
        }
        return true;
    }

    /** The value of an item for which {@link #isCounter} holds. */
    static long counterValue(byte[] item) {
        int end = counterEnd(item);
        long value = 0;
        for (int i = Items.valueOffset(item); i < end; i++) {
            value = value * 10 + (item[i] - '0');
        }
        return value;
    }

    private static int counterEnd(byte[] item) {
        int end = item.length;
        int off = Items.valueOffset(item);
        while (end > off && item[end - 1] == ' ') {
            end--;
        }
        return end;
    }
}
