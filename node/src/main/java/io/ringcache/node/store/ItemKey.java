package io.ringcache.node.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key's bytes with their hash computed once: how a command names its key, and the probe the
 * store looks its map up with. The map itself holds {@link StoredItem}s, which hash and compare
 * equal to the ItemKey of their key.
 *
 * <p>The array is owned by this object and never changed after construction.
 */
public final class ItemKey {

    private final byte[] bytes;
    private final int hash;

    private ItemKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes, 0, bytes.length);
    }

    /** Takes ownership of {@code bytes}: the caller must not modify it afterwards. */
    public static ItemKey wrap(byte[] bytes) {
        return new ItemKey(bytes);
    }

    public static ItemKey of(String ascii) {
        return new ItemKey(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** The key's bytes; callers must not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    /** The hash of {@code length} key bytes from {@code offset}: {@link Arrays#hashCode(byte[])}'s, over a range. */
    static int hash(byte[] a, int offset, int length) {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + a[i];
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof ItemKey other) {
            return other.hash == hash && Arrays.equals(other.bytes, bytes);
        }
        return o instanceof StoredItem stored && Items.keyEquals(stored.item, bytes, 0, bytes.length);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
