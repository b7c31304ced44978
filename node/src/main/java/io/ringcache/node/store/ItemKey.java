package io.ringcache.node.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key's bytes with their hash computed once; the map key of the store.
 *
 * <p>The array is owned by this object and never changed after construction.
 */
public final class ItemKey {

    private final byte[] bytes;
    private final int hash;

    private ItemKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemKey other && other.hash == hash && Arrays.equals(other.bytes, bytes);
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
