package io.ringcache.node.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The layout of a stored item: one {@code byte[]} holding a fixed header, the key, then the value.
 *
 * <pre>
 *   offset 0   long  version: the item's place in the order of the key's writes across the cluster
 *                    ({@link HybridClock}); replicas, transfers and repairs keep the greater one
 *   offset 8   long  cas unique, as clients see it: the version the item was written with, or what a
 *                    meta E flag gave; touching an item changes its version, not its cas
 *   offset 16  int   client flags (32 bits, unsigned)
 *   offset 20  int   expiry, unix seconds (0 = never)
 *   offset 24  int   bits 0-7: key length (1-250); bit 30: a recache win was handed out (meta W/Z);
 *                    bit 31: stale (meta X)
 *   offset 28  int   bits 0-30: last access, unix seconds (written, then each fetch); bit 31: fetched
 *                    since written (meta h and l)
 *   offset 32  ...   key bytes, then value bytes
 * </pre>
 *
 * <p>One array per item, key included, is all the item holds besides the store's map entry (a
 * {@link StoredItem} whose only field points here): no key object and no key array of its own,
 * which saved 40 bytes an item (JOL: bench {@code footprint}; the breakdown is in the node README).
 * The decoder allocates the array with {@link #allocate(ItemKey, int)} and copies the value from the
 * network straight into it at {@link #valueOffset(byte[])}: that is the only copy a value ever goes
 * through in the node.
 *
 * <p>Threading: an array is filled before it is published to the store; afterwards only its expiry
 * and version (by touch/gat, under the store's per-key compute; the expiry first, then the version
 * with release semantics, so that a reader that sees the new version sees the new expiry too) and
 * its access word (by fetches, in place) are rewritten, as memcached does. Its key never changes.
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
    private static final int KEY_LENGTH_MASK = 0xff;
    private static final int WIN_BIT = 1 << 30;
    private static final int STALE_BIT = 1 << 31;
    private static final int ACCESS = 28;
    private static final int FETCHED_BIT = 1 << 31;
    private static final int KEY_OFFSET = HEADER_BYTES;

    private Items() {
    }

    /** A new item array holding {@code key}, with room for a value of {@code valueLength} bytes after it. */
    public static byte[] allocate(ItemKey key, int valueLength) {
        return allocate(key.bytes(), 0, key.length(), valueLength);
    }

    /** As {@link #allocate(ItemKey, int)}, with the key copied from {@code item} (another item of the same key). */
    static byte[] allocateLike(byte[] item, int valueLength) {
        return allocate(item, KEY_OFFSET, keyLength(item), valueLength);
    }

    private static byte[] allocate(byte[] key, int keyOffset, int keyLength, int valueLength) {
        if (keyLength < 1 || keyLength > KEY_LENGTH_MASK) {
            throw new IllegalArgumentException("a key has 1 to 255 bytes, got " + keyLength);
        }
        byte[] item = new byte[HEADER_BYTES + keyLength + valueLength];
        INT.set(item, MARKS, keyLength);
        System.arraycopy(key, keyOffset, item, KEY_OFFSET, keyLength);
        return item;
    }

    public static int keyLength(byte[] item) {
        return (int) INT.get(item, MARKS) & KEY_LENGTH_MASK;
    }

    /** Where the key starts; it is {@link #keyLength} bytes long. */
    public static int keyOffset() {
        return KEY_OFFSET;
    }

    /** Where the value starts: after the header and the key. */
    public static int valueOffset(byte[] item) {
        return KEY_OFFSET + keyLength(item);
    }

    public static int valueLength(byte[] item) {
        return item.length - valueOffset(item);
    }

    /** The key's hash, the same as {@link ItemKey#hashCode()} of the key. */
    static int keyHash(byte[] item) {
        return ItemKey.hash(item, KEY_OFFSET, keyLength(item));
    }

    /** Whether the item's key is {@code length} bytes of {@code key} from {@code offset}. */
    static boolean keyEquals(byte[] item, byte[] key, int offset, int length) {
        return keyLength(item) == length && Arrays.equals(item, KEY_OFFSET, KEY_OFFSET + length, key, offset, offset + length);
    }

    /** A copy of the item's key. */
    public static ItemKey key(byte[] item) {
        return ItemKey.wrap(Arrays.copyOfRange(item, KEY_OFFSET, KEY_OFFSET + keyLength(item)));
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
     * key and the value are already in place after the header.
     */
    public static void fillCopy(byte[] item, long version, long cas, int flags, long expiresAt, int marks) {
        cas(item, cas);
        flags(item, flags);
        expiresAt(item, expiresAt);
        INT.set(item, MARKS, keyLength(item) | (marks & (STALE_BIT | WIN_BIT))); // the key length stays
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

    /** Sets or clears a mark bit; the key length in the same word is kept. */
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
        int word = ((int) nowSeconds & ~FETCHED_BIT) | FETCHED_BIT;
        // most fetches of a busy item fall in the same second: leave its cache line clean then
        if ((int) INT.getOpaque(item, ACCESS) != word) {
            INT.setOpaque(item, ACCESS, word);
        }
    }
}
