package io.ringcache.node.store;

import java.util.Collection;
import java.util.Iterator;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Walks the store a slice at a time and removes items that can never be served again (expired, or
 * written before a {@code flush_all}), as memcached's LRU crawler does. Reads already refuse such
 * items; the sweep gives their memory back to live ones before eviction would have to.
 *
 * <p>Caffeine could reclaim expired items itself (variable expiry, a timer wheel), but its node then
 * carries a timestamp and two links per item: 16 bytes on every item, expiring or not (JOL: 56
 * against 40 bytes per node). The sweep costs nothing per item and a bounded amount of CPU per call.
 *
 * <p>Threading: one caller at a time (the node's sweep thread); the walk is the map's weakly
 * consistent iterator, so it never blocks writers and sees each item at most once per pass.
 */
final class ExpirySweep {

    private final Collection<StoredItem> entries;
    /** Removes the entry if it still holds that item (a write since the walk read it keeps its new item). */
    private final BiPredicate<StoredItem, byte[]> removeIfSame;
    /** Where the current pass stands; null between passes. Guarded by this. */
    private Iterator<StoredItem> cursor;

    ExpirySweep(Collection<StoredItem> entries, BiPredicate<StoredItem, byte[]> removeIfSame) {
        this.entries = entries;
        this.removeIfSame = removeIfSame;
    }

    /**
     * Visits up to {@code budget} items from where the last call stopped (starting a new pass after
     * the end), removes those {@code dead} says can never be served and hands each removed one to
     * {@code removed}. Returns the items visited: fewer than the budget when a pass ended.
     */
    synchronized int sweep(int budget, Predicate<byte[]> dead, Consumer<byte[]> removed) {
        int visited = 0;
        while (visited < budget) {
            if (cursor == null) {
                cursor = entries.iterator();
            }
            if (!cursor.hasNext()) {
                cursor = null;
                break;
            }
            StoredItem entry = cursor.next();
            visited++;
            byte[] item = entry.item;
            if (dead.test(item) && removeIfSame.test(entry, item)) {
                removed.accept(item);
            }
        }
        return visited;
    }
}
