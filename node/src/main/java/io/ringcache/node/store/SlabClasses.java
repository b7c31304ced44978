package io.ringcache.node.store;

import java.util.Arrays;

/**
 * memcached 1.6's slab classes with its default settings (smallest chunk 96 bytes: a 48-byte item
 * header plus {@code -n 48}; growth factor {@code -f 1.25}; chunks aligned to 8 bytes; largest class
 * {@code slab_chunk_max}, 512 KiB), so that {@code me} can name the class memcached would store an
 * item in. ringcache has no slabs; this is only for the answer's {@code cls=} field.
 */
public final class SlabClasses {

    private static final int SMALLEST = 96;
    private static final double FACTOR = 1.25;
    private static final int ALIGN = 8;
    private static final int CHUNK_MAX = 512 * 1024;
    /** Chunk size of class i + 1 (memcached numbers classes from 1). */
    private static final int[] SIZES = sizes();

    private SlabClasses() {
    }

    /** The class memcached stores an item of {@code itemSize} total bytes in; the largest for bigger (chunked) items. */
    public static int of(long itemSize) {
        int i = Arrays.binarySearch(SIZES, (int) Math.min(itemSize, CHUNK_MAX));
        return (i >= 0 ? i : -i - 1) + 1;
    }

    /** memcached's slabs_init: grow by the factor while below chunk_max / factor, aligning each size. */
    private static int[] sizes() {
        int[] sizes = new int[64];
        int n = 0;
        int size = SMALLEST;
        while (size < CHUNK_MAX / FACTOR) {
            if (size % ALIGN != 0) {
                size += ALIGN - size % ALIGN;
            }
            sizes[n++] = size;
            size = (int) (size * FACTOR);
        }
        sizes[n++] = CHUNK_MAX;
        return Arrays.copyOf(sizes, n);
    }
}
