package io.ringcache.ring;

/**
 * The lookup path of a snapshot, laid out for the cache: a slice index by the position's top bits,
 * then tokens and the first two entries of their preference lists interleaved in one array, so a
 * lookup usually touches two cache lines. Lists longer than two read their tail from
 * {@link PreferenceLists}.
 */
final class LookupTable {

    private final int sliceShift;
    private final int[] sliceStart;
    /** [2i] = token i with its sign bit flipped (so signed order is unsigned order); [2i+1] = owners 0 and 1. */
    private final long[] pairs;
    private final int size;
    private final int width;
    private final PreferenceLists lists;

    LookupTable(TokenTable table, PreferenceLists lists) {
        this.size = table.size();
        this.width = lists.width();
        this.lists = lists;
        // about one token per slice (four per slice measured no faster)
        int bits = Math.max(1, Math.min(20, 32 - Integer.numberOfLeadingZeros(Math.max(1, size))));
        this.sliceShift = 64 - bits;
        int slices = 1 << bits;
        this.sliceStart = new int[slices + 1];
        long[] tokens = table.tokens();
        int t = 0;
        for (int s = 0; s < slices; s++) {
            while (t < size && (tokens[t] >>> sliceShift) < s) {
                t++;
            }
            sliceStart[s] = t;
        }
        sliceStart[slices] = size;
        this.pairs = new long[size * 2];
        int[] first = new int[Math.max(width, 1)];
        for (int i = 0; i < size; i++) {
            pairs[2 * i] = tokens[i] ^ Long.MIN_VALUE;
            lists.copy(i, first);
            long second = width > 1 ? first[1] : 0;
            pairs[2 * i + 1] = (first[0] & 0xFFFF_FFFFL) | (second << 32);
        }
    }

    /** Fills {@code out} with the list of the token holding {@code position}; returns how many. */
    int preferenceList(long position, int[] out) {
        int i = indexOf(position);
        long owners = pairs[2 * i + 1];
        int n = Math.min(width, out.length);
        if (n > 0) {
            out[0] = (int) owners;
        }
        if (n > 1) {
            out[1] = (int) (owners >>> 32);
        }
        if (n > 2) {
            lists.copyTail(i, out, 2, n);
        }
        return n;
    }

    int primary(long position) {
        return (int) pairs[2 * indexOf(position) + 1];
    }

    private int indexOf(long position) {
        int slice = (int) (position >>> sliceShift);
        int lo = sliceStart[slice];
        int hi = sliceStart[slice + 1];
        long key = position ^ Long.MIN_VALUE;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pairs[2 * mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == size ? 0 : lo;
    }
}
