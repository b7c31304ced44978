package io.ringcache.node.store;

/**
 * Another owner's copies and deletes of a key (replica writes, transfers, repairs), kept here only
 * when newer than what this node holds of the key: an item, a tombstone, or the flush floor. The
 * owners then converge on a key's newest write whatever order its copies arrive in ({@link ItemOrder}
 * decides between two items).
 *
 * <p>Each decision is made inside the key's compute ({@link ItemStore#compute}), so it is atomic with
 * the key's item and tombstone and with every client command on the key.
 */
final class ReplicaCopies {

    private final ItemStore store;
    private final HybridClock versions;
    private final FlushFloor flushFloor;

    ReplicaCopies(ItemStore store, HybridClock versions, FlushFloor flushFloor) {
        this.store = store;
        this.versions = versions;
        this.flushFloor = flushFloor;
    }

    /** {@link ItemStore#applyCopy}. */
    CopyOutcome applyCopy(ItemKey key, byte[] item) {
        long version = Items.version(item);
        versions.observe(version);
        long now = store.nowSeconds();
        if (FlushFloor.isBelow(item, flushFloor.at(now))) {
            return CopyOutcome.held(flushFloor.get());
        }
        if (!store.fits(item)) {
            return CopyOutcome.OUT_OF_MEMORY;
        }
        CopyOutcome[] outcome = new CopyOutcome[1];
        store.compute(key, item, (k, old) -> {
            Tombstones kept = store.tombstones();
            long deleted = kept == null ? 0 : kept.version(k);
            if (deleted != 0 && !HybridClock.isAfter(version, deleted)) {
                outcome[0] = CopyOutcome.held(deleted);
                return old;
            }
            if (old != null && !FlushFloor.isBelow(old, flushFloor.get()) && !ItemOrder.isNewer(item, old)) {
                outcome[0] = CopyOutcome.held(Items.version(old));
                return old;
            }
            Items.written(item, now);
            store.counters().totalItems.increment();
            outcome[0] = CopyOutcome.STORED;
            return item;
        });
        return outcome[0];
    }

    /** {@link ItemStore#applyDelete}. */
    CopyOutcome applyDelete(ItemKey key, long version) {
        versions.observe(version);
        if (Long.compareUnsigned(version, flushFloor.at(store.nowSeconds())) < 0) {
            return CopyOutcome.held(flushFloor.get());
        }
        CopyOutcome[] outcome = new CopyOutcome[1];
        store.compute(key, null, (k, old) -> {
            if (old != null && HybridClock.isAfter(Items.version(old), version)) {
                outcome[0] = CopyOutcome.held(Items.version(old));
                return old;
            }
            Tombstones kept = store.tombstones();
            if (kept != null) {
                kept.record(k, version, old != null && store.isLive(old, store.nowSeconds()));
            }
            outcome[0] = CopyOutcome.STORED;
            return null;
        });
        return outcome[0];
    }
}
