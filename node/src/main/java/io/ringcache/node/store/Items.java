package io.ringcache.node.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The layout of a stored item: one {@code byte[]} holding a fixed header followed by the value.
 *
 * <pre>
 *   offset 0   long  version: the item's place in the order of the key's writes across the cluster
 *                    ({@link HybridClock}); replicas, transfers and repairs keep the greater one
 *   offset 8   long  cas unique, as clients see it: the version the item was written with, or what a
 *                    meta E flag gave; touching an item changes its version, not its cas
 *   offset 16  int   client flags (32 bits, unsigned)
 *   offset 20  int   expiry, unix seconds (0 = never)
 *   offset 24  int   bit 30: a recache win was handed out (meta W/Z); bit 31: stale (meta X)
 *   offset 28  int   bits 0-30: last access, unix seconds (written, then each fetch); bit 31: fetched
 *                    since written (meta h and l)
 *   offset 32  ...   value bytes
 * </pre>
 *
 * <p>One array per item instead of an object with fields plus a value array saves an object header,
 * a reference and alignment padding on every item (see the memory notes in the README). The decoder
 * allocates the array with {@link #allocate(int)} and copies the value from the network straight into
 * it: that is the only copy a value ever goes through in the node.
 *
 * <p>Threading: an array is filled before it is published to the store; afterwards only its expiry
 * and version (by touch/gat, under the store's per-key compute; the expiry first, then the version
 * with release semantics, so that a reader that sees the new version sees the new expiry too) and
 * its access word (by fetches, in place) are rewritten, as memcached does.
 */
public final class Items {

    public static final int HEADER_BYTES = 32;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private static final int VERSION = 0;
    private static final int CAS = 8;
    private static final int FLAGS = 16;
    private static final int EXPIRES = 20;
    private static final int MARKS = 24;
    private static final int WIN_BIT = 1 << 30;
    private static final int STALE_BIT = 1 << 31;
    private static final int ACCESS = 28;
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

    /** The item's version (read with acquire semantics: the fields written before it are visible). */
    public static long version(byte[] item) {
        return (long) LONG.getAcquire(item, VERSION);
    }

    static void version(byte[] item, long version) {
        LONG.setRelease(item, VERSION, version);
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

    /** The stale and win bits, as a replica image carries them. */
    public static int marks(byte[] item) {
        return (int) INT.get(item, MARKS) & (STALE_BIT | WIN_BIT);
    }

    /**
     * Fills the header of another owner's copy (a replica image, a transfer) as it was there: the
     * value is already in place after the header.
     */
    public static void fillCopy(byte[] item, long version, long cas, int flags, long expiresAt, int marks) {
        cas(item, cas);
        flags(item, flags);
        expiresAt(item, expiresAt);
        INT.set(item, MARKS, marks & (STALE_BIT | WIN_BIT));
        version(item, version);
    }

    public static boolean stale(byte[] item) {
        return ((int) INT.get(item, MARKS) & STALE_BIT) != 0;
    }

    public static boolean winHandedOut(byte[] item) {
        return ((int) INT.get(item, MARKS) & WIN_BIT) != 0;
    }

    static void stale(byte[] item, boolean stale) {
        setBit(item, STALE_BIT, stale);
    }

    static void winHandedOut(byte[] item, boolean handedOut) {
        setBit(item, WIN_BIT, handedOut);
    }

    private static void setBit(byte[] item, int bit, boolean on) {
        int word = (int) INT.get(item, MARKS);
        INT.set(item, MARKS, on ? word | bit : word & ~bit);
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
