package io.ringcache.node.store;

import java.util.Arrays;

/**
 * The order every node applies to two copies of one key's item: the greater version wins. Two
 * copies with the same version (two nodes with the same tag stamping the same millisecond and
 * counter: rare, but possible when rings differ for a moment) are ordered by their contents, so
 * that every node still keeps the same one and the owners converge.
 */
final class ItemOrder {

    private ItemOrder() {
    }

    /** Whether {@code candidate} should replace {@code held}. */
    static boolean isNewer(byte[] candidate, byte[] held) {
        long a = Items.version(candidate);
        long b = Items.version(held);
        if (a != b) {
            return HybridClock.isAfter(a, b);
        }
        return compareContents(candidate, held) > 0;
    }

    /**
     * Orders two items by what travels with them (CAS unique, flags, expiry, marks, value), never by
     * what each node keeps for itself (when it was last read), so every node decides alike.
     */
    private static int compareContents(byte[] x, byte[] y) {
        int c = Long.compareUnsigned(Items.cas(x), Items.cas(y));
        if (c == 0) {
            c = Integer.compareUnsigned(Items.flags(x), Items.flags(y));
        }
        if (c == 0) {
            c = Long.compare(Items.expiresAt(x), Items.expiresAt(y));
        }
        if (c == 0) {
            c = Integer.compare(Items.marks(x), Items.marks(y));
        }
        if (c == 0) {
            c = Arrays.compareUnsigned(x, Items.valueOffset(x), x.length, y, Items.valueOffset(y), y.length);
        }
        return c;
    }
}
