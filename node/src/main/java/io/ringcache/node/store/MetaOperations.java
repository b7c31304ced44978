package io.ringcache.node.store;

/**
 * The meta commands' operations on an {@link ItemStore}: reads that hand out recache wins (mg with
 * N, R, T), writes under a {@link CasRule} (ms, md, ma), invalidation to stale (md I, ms I).
 *
 * <p>Every read-modify-write runs inside the map's per-key {@code compute}, so it is atomic against
 * every other command on the key, classic or meta. The win and stale marks live in the item's header
 * and are changed in place under that compute, as memcached changes its item flags.
 */
public final class MetaOperations {

    private final ItemStore store;

    public MetaOperations(ItemStore store) {
        this.store = store;
    }

    /**
     * mg: the live item, after resetting its exptime when {@code touch}; on a miss, an empty item
     * created with {@code vivifyExptime} when {@code vivify} (the caller wins the right to fill it);
     * {@code recacheBelow}: win when the remaining TTL is below it. Null on a miss.
     */
    public MetaLookup lookup(ItemKey key, boolean touch, long exptime, boolean vivify, long vivifyExptime,
            boolean recache, long recacheBelow) {
        if (!touch && !vivify && !recache) {
            byte[] item = store.get(key);
            if (item == null) {
                return null;
            }
            if (!Items.stale(item) && !Items.winHandedOut(item)) {
                return new MetaLookup(item, false, false, false);
            }
        }
        long now = store.nowSeconds();
        MetaLookup[] result = {null};
        store.map().compute(key, (k, old) -> {
            byte[] live = old != null && store.isLive(old, now) ? old : null;
            if (live == null) {
                return vivify ? vivify(k, now, vivifyExptime, old, result) : old;
            }
            if (touch) {
                // a new version (the expiry change travels to the other owners), the same CAS unique
                Items.expiresAt(live, ItemStore.expiresAt(exptime, now));
                Items.version(live, store.versions().next(Items.version(live)));
            }
            boolean handedOut = Items.winHandedOut(live);
            boolean stale = Items.stale(live);
            long expires = Items.expiresAt(live);
            boolean nearExpiry = recache && expires != 0 && expires - now < recacheBelow;
            boolean won = !handedOut && (stale || nearExpiry);
            if (won) {
                Items.winHandedOut(live, true);
            }
            result[0] = new MetaLookup(live, won, handedOut, stale);
            return live;
        });
        return result[0];
    }

    private byte[] vivify(ItemKey key, long now, long exptime, byte[] replaced, MetaLookup[] result) {
        byte[] created = Items.allocate(0);
        Items.expiresAt(created, ItemStore.expiresAt(exptime, now));
        if (!store.fits(key, created)) {
            return replaced;
        }
        store.stamp(created, now, replaced);
        Items.cas(created, Items.version(created));
        Items.winHandedOut(created, true);
        store.counters().totalItems.increment();
        result[0] = new MetaLookup(created, true, false, false);
        return created;
    }

    /** ms: stores {@code item} (from {@link Items#allocate}) as {@code mode} and {@code cas} say. */
    public MetaWrite store(StoreMode mode, ItemKey key, byte[] item, int flags, long exptime, CasRule cas) {
        long now = store.nowSeconds();
        Items.flags(item, flags);
        Items.expiresAt(item, ItemStore.expiresAt(exptime, now));
        if (!store.fits(key, item)) {
            return MetaWrite.OUT_OF_MEMORY;
        }
        MetaWrite[] result = {null};
        store.map().compute(key, (k, old) -> {
            byte[] live = old != null && store.isLive(old, now) ? old : null;
            boolean stale = false;
            if (cas.compare()) {
                if (live == null) {
                    result[0] = MetaWrite.NOT_FOUND;
                    return null;
                }
                long current = Items.cas(live);
                if (current != cas.expected()) {
                    // With I, an older unique still writes, but the item is served as stale (X).
                    if (!cas.invalidate() || Long.compareUnsigned(cas.expected(), current) > 0) {
                        result[0] = MetaWrite.EXISTS;
                        return live;
                    }
                    stale = true;
                }
            }
            byte[] next = switch (mode) {
                case SET, CAS -> item;
                case ADD -> live == null ? item : null;
                case REPLACE -> live != null ? item : null;
                case APPEND, PREPEND -> live != null ? ItemStore.concat(live, item, mode == StoreMode.APPEND) : null;
            };
            if (next == null) {
                result[0] = MetaWrite.NOT_STORED;
                return live;
            }
            store.stamp(next, now, old);
            Items.cas(next, ItemStore.casFor(next, cas.explicit(), cas.newCas()));
            Items.stale(next, stale);
            store.counters().totalItems.increment();
            result[0] = MetaWrite.done(next);
            return next;
        });
        return result[0];
    }

    /**
     * md: deletes the item, or with {@code invalidate} keeps it marked stale under a new CAS unique
     * (and the exptime {@code exptime} when {@code touch}), so that one client wins its refresh.
     */
    public MetaStatus delete(ItemKey key, CasRule cas, boolean invalidate, boolean touch, long exptime) {
        long now = store.nowSeconds();
        MetaStatus[] result = {MetaStatus.NOT_FOUND};
        store.map().compute(key, (k, old) -> {
            if (old == null || !store.isLive(old, now)) {
                store.recordDelete(k, old); // another owner may hold a copy this node never saw
                return null;
            }
            if (cas.compare() && Items.cas(old) != cas.expected()) {
                result[0] = MetaStatus.EXISTS;
                return old;
            }
            result[0] = MetaStatus.DONE;
            if (!invalidate) {
                store.recordDelete(k, old);
                return null;
            }
            // A copy, not in place: readers on other threads may be sending the old CAS unique.
            byte[] stale = old.clone();
            Items.stale(stale, true);
            Items.winHandedOut(stale, false);
            store.stamp(stale, now, old);
            Items.cas(stale, ItemStore.casFor(stale, cas.explicit(), cas.newCas()));
            if (touch) {
                Items.expiresAt(stale, ItemStore.expiresAt(exptime, now));
            }
            return stale;
        });
        return result[0];
    }

    /** ma: applies the delta; creates the counter on a miss when asked. */
    public MetaWrite arithmetic(ItemKey key, ArithmeticRequest request) {
        long now = store.nowSeconds();
        CasRule cas = request.cas();
        MetaWrite[] result = {MetaWrite.NOT_FOUND};
        store.map().compute(key, (k, old) -> {
            byte[] live = old != null && store.isLive(old, now) ? old : null;
            if (live == null) {
                if (!request.vivify()) {
                    return null;
                }
                byte[] created = ItemStore.counterItem(request.initial(), 0,
                        ItemStore.expiresAt(request.vivifyExptime(), now));
                if (!store.fits(k, created)) {
                    result[0] = MetaWrite.NOT_STORED;
                    return old;
                }
                store.stamp(created, now, old);
                Items.cas(created, ItemStore.casFor(created, cas.explicit(), cas.newCas()));
                store.counters().totalItems.increment();
                result[0] = MetaWrite.done(created);
                return created;
            }
            if (cas.compare() && Items.cas(live) != cas.expected()) {
                result[0] = MetaWrite.EXISTS;
                return live;
            }
            if (!ItemStore.isCounter(live)) {
                result[0] = MetaWrite.NON_NUMERIC;
                return live;
            }
            long value = ItemStore.applyDelta(ItemStore.counterValue(live), request.increment(), request.delta());
            long expires = request.touch() ? ItemStore.expiresAt(request.exptime(), now) : Items.expiresAt(live);
            byte[] next = ItemStore.counterItem(value, Items.flags(live), expires);
            store.stamp(next, now, live);
            Items.cas(next, ItemStore.casFor(next, cas.explicit(), cas.newCas()));
            result[0] = MetaWrite.done(next);
            return next;
        });
        return result[0];
    }
}
