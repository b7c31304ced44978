package io.ringcache.node.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The layout of a stored item: one {@code byte[]} holding a fixed header followed by the value.
 *
 * <pre>
 *   offset 0   long  cas unique
 *   offset 8   int   client flags (32 bits, unsigned)
 *   offset 12  int   expiry, unix seconds (0 = never)
 *   offset 16  int   bits 0-29: the store's flush generation when the item was written (flush_all);
 *                    bit 30: a recache win was handed out (meta W/Z); bit 31: stale (meta X)
 *   offset 20  int   bits 0-30: last access, unix seconds (written, then each fetch); bit 31: fetched
 *                    since written (meta h and l)
 *   offset 24  ...   value bytes
 * </pre>
 *
 * <p>One array per item instead of an object with fields plus a value array saves an object header,
 * a reference and alignment padding on every item (see the memory notes in the README). The decoder
 * allocates the array with {@link #allocate(int)} and copies the value from the network straight into
 * it: that is the only copy a value ever goes through in the node.
 *
 * <p>Threading: an array is filled before it is published to the store; afterwards only its expiry
 * (by touch/gat, under the store's per-key compute) and its access word (by fetches, in place) are
 * rewritten, as memcached does.
 */
public final class Items {

    public static final int HEADER_BYTES = 24;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private static final int CAS = 0;
    private static final int FLAGS = 8;
    private static final int EXPIRES = 12;
    private static final int STORED = 16;
    static final int GENERATION_MASK = (1 << 30) - 1;
    private static final int WIN_BIT = 1 << 30;
    private static final int STALE_BIT = 1 << 31;
    private static final int ACCESS = 20;
    private static final int FETCHED_BIT = 1 << 31;

    private Items() {
    }

    /** A new item array with room for a value of {@code valueLength} bytes after the header. */
    public static byte[] allocate(int valueLength) {
        return new byte[HEADER_BYTES + valueLength];
    }

    public static int valueOffset() {
        return HEADER_BYTES;
    }

    public static int valueLength(byte[] item) {
        return item.length - HEADER_BYTES;
    }

    public static long cas(byte[] item) {
        return (long) LONG.get(item, CAS);
    }

    static void cas(byte[] item, long cas) {
        LONG.set(item, CAS, cas);
    }

    public static int flags(byte[] item) {
        return (int) INT.get(item, FLAGS);
    }

    static void flags(byte[] item, int flags) {
        INT.set(item, FLAGS, flags);
    }

    /** Expiry in unix seconds as an unsigned int; 0 means never. */
    public static long expiresAt(byte[] item) {
        return Integer.toUnsignedLong((int) INT.get(item, EXPIRES));
    }

    static void expiresAt(byte[] item, long unixSeconds) {
        INT.set(item, EXPIRES, (int) unixSeconds);
    }

    /** The flush generation the item was written in; items of older generations are flushed. */
    public static int generation(byte[] item) {
        return (int) INT.get(item, STORED) & GENERATION_MASK;
    }

    static void generation(byte[] item, int generation) {
        int word = (int) INT.get(item, STORED);
        INT.set(item, STORED, (word & ~GENERATION_MASK) | (generation & GENERATION_MASK));
    }

    public static boolean stale(byte[] item) {
        return ((int) INT.get(item, STORED) & STALE_BIT) != 0;
    }

    public static boolean winHandedOut(byte[] item) {
        return ((int) INT.get(item, STORED) & WIN_BIT) != 0;
    }

    static void stale(byte[] item, boolean stale) {
        setBit(item, STALE_BIT, stale);
    }

    static void winHandedOut(byte[] item, boolean handedOut) {
        setBit(item, WIN_BIT, handedOut);
    }

    private static void setBit(byte[] item, int bit, boolean on) {
        int word = (int) INT.get(item, STORED);
        INT.set(item, STORED, on ? word | bit : word & ~bit);
    }

    /** Whether the item was fetched since it was written (meta h). */
    public static boolean fetched(byte[] item) {
        return ((int) INT.getOpaque(item, ACCESS) & FETCHED_BIT) != 0;
    }

    /** When the item was last fetched, or written if never since, in unix seconds (meta l). */
    public static long lastAccess(byte[] item) {
        return (int) INT.getOpaque(item, ACCESS) & ~FETCHED_BIT;
    }

    /** A new item: written now, not fetched yet. */
    static void written(byte[] item, long nowSeconds) {
        INT.set(item, ACCESS, (int) nowSeconds & ~FETCHED_BIT);
    }

    /**
     * A fetch, now. Written in place without a lock, as memcached does: two fetches racing write
     * the same bit and nearly the same second, and no reader needs more than that.
     */
    static void fetchedAt(byte[] item, long nowSeconds) {
        INT.setOpaque(item, ACCESS, ((int) nowSeconds & ~FETCHED_BIT) | FETCHED_BIT);
    }
}
