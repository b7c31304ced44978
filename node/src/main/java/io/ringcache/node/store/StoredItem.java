package io.ringcache.node.store;

/**
 * The entry of the store's map: its key and its value at once, pointing to the item array, which
 * holds the key ({@link Items}). It costs 16 bytes an item; an {@link ItemKey} as the map's key
 * would cost 24 more plus its own key array (32 bytes for a 14-byte key).
 *
 * <p>Equal to another StoredItem or to an {@link ItemKey} with the same key bytes, and hashed as
 * the ItemKey is, so a lookup probes the map with the ItemKey the decoder made. A write to a key
 * that is held swaps {@link #item} inside the map's per-key compute and returns this same object,
 * so the map never holds an entry whose key object is an older item than its value (a replaced
 * value under an unchanged key object would keep the old array alive). All arrays it ever points
 * to hold the same key, so its hash and equality never change.
 *
 * <p>Threading: {@link #item} is written only inside the map's compute for the key; readers read it
 * once and work on that array (volatile: a reader that sees a new array sees it filled).
 */
final class StoredItem {

    volatile byte[] item;

    StoredItem(byte[] item) {
        this.item = item;
    }

    @Override
    public int hashCode() {
        return Items.keyHash(item);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof ItemKey key) {
            return Items.keyEquals(item, key.bytes(), 0, key.length());
        }
        if (o instanceof StoredItem other) {
            byte[] theirs = other.item;
            return Items.keyEquals(item, theirs, Items.keyOffset(), Items.keyLength(theirs));
        }
        return false;
    }

    @Override
    public String toString() {
        return Items.key(item).toString();
    }
}
