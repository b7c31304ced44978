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
     * mg: the live item, with the request's T, N and R applied in its order (see
     * {@link MetaGetRequest}); on a miss with N, an empty item created for the caller, who wins the
     * right to fill it. Null on a miss.
     */
    public MetaLookup lookup(ItemKey key, MetaGetRequest request) {
        if (!request.changesItem()) {
            byte[] item = store.get(key);
            if (item == null) {
                return null;
            }
            if (!Items.stale(item) && !Items.winHandedOut(item)) {
                return MetaLookup.plain(item);
            }
        }
        long now = store.nowSeconds();
        MetaLookup[] result = {null};
        // vivify fills this empty item when the key is missing; the map can then take it as the entry
        byte[] empty = request.vivifies() ? Items.allocate(key, 0) : null;
        store.compute(key, empty, (k, old) -> {
            byte[] live = old != null && store.isLive(old, now) ? old : null;
            boolean created = false;
            if (live == null) {
                if (!request.vivifies() || (live = vivify(empty, now, old)) == null) {
                    return old; // expired or flushed: kept until reclaimed, for its version
                }
                created = true;
            }
            boolean handedOut = Items.winHandedOut(live);
            boolean stale = Items.stale(live);
            // memcached's flag loop: each T or N sets the expiry where it stands, t reads it there
            long expiry = Items.expiresAt(live);
            long shown = expiry;
            boolean touched = false;
            boolean won = created || (stale && !handedOut);
            for (byte step : request.steps()) {
                switch (step) {
                    case 'T' -> {
                        expiry = ItemStore.expiresAt(request.touchExptime(), now);
                        touched = true;
                    }
                    case 'N' -> expiry = created ? ItemStore.expiresAt(request.vivifyExptime(), now) : expiry;
                    case 'R' -> won |= !created && !handedOut && expiry != 0
                            && expiry < ItemStore.expiresAt(request.recacheBelow(), now);
                    case 't' -> shown = expiry;
                    default -> throw new IllegalArgumentException("not an mg step: " + (char) step);
                }
            }
            // a touch gets a new version (the expiry change travels to the other owners), the same CAS
            // unique; taken before anything changes in place, since it may be refused
            long touchedVersion = touched && !created ? store.versions().next(Items.version(live)) : 0;
            Items.expiresAt(live, expiry);
            if (touchedVersion != 0) {
                Items.version(live, touchedVersion);
            }
            if (won) {
                Items.winHandedOut(live, true);
            }
            result[0] = new MetaLookup(live, won, handedOut, stale, shown);
            return live;
        });
        return result[0];
    }

    /** memcached's vivified item: empty, flags 0, no expiry until the request's N gives it one. Null when it does not fit. */
    private byte[] vivify(byte[] created, long now, byte[] replaced) {
        if (!store.fits(created)) {
            return null;
        }
        store.stamp(created, now, replaced);
        Items.cas(created, Items.version(created));
        store.counters().totalItems.increment();
        return created;
    }

    /**
     * ms: stores {@code item} (from {@link Items#allocate(ItemKey, int)}) as {@code mode} and {@code cas} say, by
     * memcached 1.6.18's rules: a C unique turns set and replace into a compare-and-swap (missing
     * item NF, other unique EX); add ignores C; append and prepend check it only when the item exists
     * (missing item NS). With I, a compare-and-swap whose unique is older than the item's still
     * writes, but the new value stays stale under the old TTL, and a win already handed out stays
     * handed out (Z), so invalidation cannot be undone by a late writer.
     */
    public MetaWrite store(StoreMode mode, ItemKey key, byte[] item, int flags, long exptime, CasRule cas) {
        long now = store.nowSeconds();
        Items.flags(item, flags);
        Items.expiresAt(item, ItemStore.expiresAt(exptime, now));
        if (!store.fits(item)) {
            return MetaWrite.OUT_OF_MEMORY;
        }
        boolean compareAndSwap = cas.compare() && (mode == StoreMode.SET || mode == StoreMode.REPLACE);
        MetaWrite[] result = {null};
        store.compute(key, item, (k, old) -> {
            byte[] live = old != null && store.isLive(old, now) ? old : null;
            if (live == null) {
                boolean creates = mode == StoreMode.ADD || (mode == StoreMode.SET && !compareAndSwap);
                if (!creates) {
                    result[0] = compareAndSwap ? MetaWrite.NOT_FOUND : MetaWrite.NOT_STORED;
                    return null;
                }
                return stored(item, old, cas, now, result);
            }
            long current = Items.cas(live);
            boolean matches = current == cas.expected();
            if (compareAndSwap) {
                if (matches && cas.expected() != 0) {
                    return stored(item, old, cas, now, result);
                }
                if (cas.invalidate() && cas.expected() != 0 && Long.compareUnsigned(cas.expected(), current) < 0) {
                    Items.expiresAt(item, Items.expiresAt(live));
                    Items.stale(item, true);
                    Items.winHandedOut(item, Items.winHandedOut(live));
                    return stored(item, old, cas, now, result);
                }
                result[0] = MetaWrite.EXISTS;
                return live;
            }
            return switch (mode) {
                case ADD -> {
                    result[0] = MetaWrite.NOT_STORED;
                    yield live;
                }
                case APPEND, PREPEND -> {
                    if (cas.compare() && cas.expected() != 0 && !matches) {
                        result[0] = MetaWrite.EXISTS;
                        yield live;
                    }
                    yield stored(ItemStore.concat(live, item, mode == StoreMode.APPEND), old, cas, now, result);
                }
                default -> stored(item, old, cas, now, result);
            };
        });
        return result[0];
    }

    /** Makes {@code next} the key's item in place of {@code replaced}: a version after it, the CAS unique. */
    private byte[] stored(byte[] next, byte[] replaced, CasRule cas, long now, MetaWrite[] result) {
        store.stamp(next, now, replaced);
        Items.cas(next, ItemStore.casFor(next, cas.explicit(), cas.newCas()));
        store.counters().totalItems.increment();
        result[0] = MetaWrite.done(next);
        return next;
    }

    /**
     * md: deletes the item, or with {@code invalidate} keeps it marked stale under a new CAS unique
     * (and the exptime {@code exptime} when {@code touch}), so that one client wins its refresh.
     */
    public MetaStatus delete(ItemKey key, CasRule cas, boolean invalidate, boolean touch, long exptime) {
        long now = store.nowSeconds();
        MetaStatus[] result = {MetaStatus.NOT_FOUND};
        store.compute(key, null, (k, old) -> {
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

    /**
     * ma: applies the delta; creates the counter on a miss when asked. A C unique of 0 compares
     * nothing, as in memcached.
     */
    public MetaWrite arithmetic(ItemKey key, ArithmeticRequest request) {
        long now = store.nowSeconds();
        CasRule cas = request.cas();
        MetaWrite[] result = {MetaWrite.NOT_FOUND};
        // the counter a vivify creates: its value is known now, so the map can take it as the entry
        byte[] vivified = request.vivify() ? CounterItems.counterItem(key, request.initial(), 0, 0) : null;
        store.compute(key, vivified, (k, old) -> {
            byte[] live = old != null && store.isLive(old, now) ? old : null;
            byte[] next;
            boolean created = live == null;
            if (created) {
                if (!request.vivify()) {
                    return old;
                }
                next = vivified;
                if (!store.fits(next)) {
                    result[0] = MetaWrite.NOT_STORED;
                    return old;
                }
            } else {
                if (cas.compare() && cas.expected() != 0 && Items.cas(live) != cas.expected()) {
                    result[0] = MetaWrite.EXISTS;
                    return live;
                }
                if (!CounterItems.isCounter(live)) {
                    result[0] = MetaWrite.NON_NUMERIC;
                    return live;
                }
                long value = CounterItems.applyDelta(CounterItems.counterValue(live), request.increment(), request.delta());
                next = CounterItems.counterItem(live, value, Items.flags(live), Items.expiresAt(live));
            }
            // memcached's final flag loop: T and N set the expiry where they stand, t reads it there
            long expiry = Items.expiresAt(next);
            long shown = expiry;
            for (byte step : request.steps()) {
                switch (step) {
                    case 'T' -> expiry = ItemStore.expiresAt(request.touchExptime(), now);
                    case 'N' -> expiry = created ? ItemStore.expiresAt(request.vivifyExptime(), now) : expiry;
                    case 't' -> shown = expiry;
                    default -> throw new IllegalArgumentException("not an ma step: " + (char) step);
                }
            }
            Items.expiresAt(next, expiry);
            store.stamp(next, now, old);
            Items.cas(next, ItemStore.casFor(next, cas.explicit(), cas.newCas()));
            if (created) {
                store.counters().totalItems.increment();
            }
            result[0] = new MetaWrite(MetaStatus.DONE, next, shown, created);
            return next;
        });
        return result[0];
    }
}
