package io.ringcache.node.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.ringcache.node.NodeClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

/**
 * The items of one node, in a Caffeine cache (W-TinyLFU eviction) bounded by an honest byte weight,
 * with memcached's rules for expiry, CAS uniques and {@code flush_all}. Each item is one array
 * ({@link Items}: header, key, value) behind one {@link StoredItem}, the map's key and value at once.
 *
 * <p>Every method is thread-safe and non-blocking; read-modify-write commands run inside the map's
 * per-key {@code compute} ({@link #compute}), so they are atomic against each other. Time comes from
 * the injected {@link NodeClock}: every read checks the expiry, so an item is never served past it,
 * and {@link #sweep} reclaims the memory of expired items nobody reads. The {@code flush_all} floor
 * is a {@link FlushFloor}, and whether another owner's copy or delete wins here is decided by
 * {@link ReplicaCopies}.
 */
public final class ItemStore {

    /** memcached's REALTIME_MAXDELTA: exptimes above this many seconds are absolute unix times. */
    static final long RELATIVE_EXPTIME_LIMIT = 60L * 60 * 24 * 30;

    /**
     * Bytes each item costs besides its array: Caffeine's node (strong key and value, weighed: 40
     * bytes), the ConcurrentHashMap node (32), its share of the map's table and of Caffeine's
     * frequency sketch (each 5-11 bytes depending on where the item count falls between powers of
     * two; 8 each counted) and the {@link StoredItem} (16). The array is charged as the JVM lays it
     * out (16-byte header, contents, 8-byte alignment). Checked against a JOL walk of a filled store
     * in bench's {@code StoreFootprintTest}; the weigher charges it so that {@code -m} bounds the
     * heap items really take.
     */
    public static final int PER_ITEM_OVERHEAD = 40 + 32 + 8 + 8 + 16;

    /**
     * The node sweeps this many items for expired ones every {@link #SWEEP_PERIOD_MILLIS}: a store
     * of a million items is walked every 10 s, at a few milliseconds of CPU per second.
     */
    public static final int SWEEP_BUDGET = 100_000;
    public static final long SWEEP_PERIOD_MILLIS = 1_000;

    /** Keyed and valued by the same {@link StoredItem}; probed with {@link ItemKey}s. */
    private final Cache<Object, StoredItem> cache;
    private final ConcurrentMap<Object, StoredItem> map;
    private final NodeClock clock;
    private final long memoryLimitBytes;
    private final boolean evictionEnabled;
    private final HybridClock versions;
    private final java.util.concurrent.Executor reclaim;
    private final StoreCounters counters = new StoreCounters();
    /** Deletes remembered in a cluster (see {@link Tombstones}); null on a node alone, where a delete leaves nothing. */
    private volatile Tombstones tombstones;
    private final ExpirySweep sweep;
    private final FlushFloor flushFloor;
    private final ReplicaCopies replicaCopies;

    public ItemStore(long memoryLimitBytes, boolean evictionEnabled, NodeClock clock) {
        this(memoryLimitBytes, evictionEnabled, clock, java.util.concurrent.ForkJoinPool.commonPool());
    }

    /** As the public constructor, with the executor that reclaims flushed items (tests hold it back). */
    ItemStore(long memoryLimitBytes, boolean evictionEnabled, NodeClock clock, java.util.concurrent.Executor reclaim) {
        this.reclaim = reclaim;
        this.clock = clock;
        this.versions = new HybridClock(clock);
        this.memoryLimitBytes = memoryLimitBytes;
        this.evictionEnabled = evictionEnabled;
        this.cache = Caffeine.newBuilder()
                // Without eviction the bound is checked before each write instead (memcached's -M),
                // but a weight is still kept so that stats report bytes and the check can read it.
                .maximumWeight(evictionEnabled ? memoryLimitBytes : Long.MAX_VALUE)
                .weigher((Object key, StoredItem stored) -> weight(stored.item))
                // No expiry in Caffeine: reads check it, and sweep() reclaims expired items (ExpirySweep
                // says why). Maintenance (eviction) on the caller's thread: it is CPU work bounded by
                // Caffeine's batch sizes, and keeps eviction deterministic for tests.
                .executor(Runnable::run)
                .evictionListener((Object key, StoredItem stored, RemovalCause cause) -> countRemoval(cause))
                .build();
        this.map = cache.asMap();
        this.sweep = new ExpirySweep(map.values(), this::removeIfSame);
        this.flushFloor = new FlushFloor(versions, this::dropBelow);
        this.replicaCopies = new ReplicaCopies(this, versions, flushFloor);
    }

    /** What the item costs the heap: its array and the store's per-item objects. */
    public static int weight(byte[] item) {
        return PER_ITEM_OVERHEAD + arrayBytes(item.length);
    }

    /** Heap a byte array of {@code length} takes: 16-byte header, contents, rounded up to 8 bytes. */
    static int arrayBytes(int length) {
        return (16 + length + 7) & ~7;
    }

    /** Size memcached would charge an item (48-byte header, key + NUL, flags suffix, value + CRLF, CAS). */
    public static long memcachedItemSize(int keyLength, int flags, long valueLength) {
        return 48L + keyLength + 1 + (flags != 0 ? 4 : 0) + valueLength + 2 + 8;
    }

    public void resetCounters() {
        counters.reset();
    }

    public StoreCounters counters() {
        return counters;
    }

    public long nowSeconds() {
        return clock.epochMillis() / 1000;
    }

    /** The live item under {@code key}, or null. */
    public byte[] get(ItemKey key) {
        return get(key, nowSeconds());
    }

    /**
     * A client's get: the live item under {@code key}, or null, marked fetched ({@link #fetched})
     * with the same clock reading its expiry was checked with.
     */
    public byte[] fetch(ItemKey key) {
        long now = nowSeconds();
        byte[] item = get(key, now);
        if (item != null) {
            Items.fetchedAt(item, now);
        }
        return item;
    }

    private byte[] get(ItemKey key, long now) {
        StoredItem stored = map.get(key);
        if (stored == null) {
            return null;
        }
        byte[] item = stored.item;
        if (!isLive(item, now, true)) {
            removeIfSame(key, item);
            return null;
        }
        return item;
    }

    /**
     * The per-key read-modify-write every change runs in, atomic against every other command on the
     * key: {@code update} gets the key's item (null when there is none) and returns the item the key
     * holds afterwards (the same array to keep it, another to replace it, null for none).
     * {@code insertable} is an item array of this key that the map may take as the new entry when
     * the key is absent (the item being written, or an empty one the update may fill); null when
     * {@code update} never creates an item for an absent key. Returns the item held afterwards.
     */
    byte[] compute(ItemKey key, byte[] insertable, BiFunction<ItemKey, byte[], byte[]> update) {
        // Probing with a holder of the new item makes the map keep that holder as the entry's key
        // when the key is absent: key and value are then one object (StoredItem says why).
        Object probe = insertable == null ? key : new StoredItem(insertable);
        StoredItem after = map.compute(probe, (k, stored) -> {
            byte[] old = stored == null ? null : stored.item;
            byte[] next = update.apply(key, old);
            if (next == null) {
                return null;
            }
            if (stored != null) {
                stored.item = next;
                return stored;
            }
            if (!(k instanceof StoredItem created)) {
                throw new IllegalStateException("an item was created for " + key + " without an insertable array");
            }
            created.item = next;
            return created;
        });
        return after == null ? null : after.item;
    }

    /** As {@link #compute} for a change that applies only to a key that is held; {@code update} never sees null. */
    byte[] computeIfPresent(ItemKey key, BiFunction<ItemKey, byte[], byte[]> update) {
        StoredItem after = map.computeIfPresent(key, (k, stored) -> {
            byte[] next = update.apply(key, stored.item);
            if (next == null) {
                return null;
            }
            stored.item = next;
            return stored;
        });
        return after == null ? null : after.item;
    }

    /** gat/gats: the live item with its expiry reset, or null. */
    public byte[] getAndTouch(ItemKey key, long exptime) {
        return touch(key, exptime);
    }

    /**
     * Resets the expiry of a live item; returns it, or null when there is none. The item gets a new
     * version (the expiry change must reach the other owners and win there) but keeps its CAS unique,
     * as memcached's touch does.
     */
    public byte[] touch(ItemKey key, long exptime) {
        long now = nowSeconds();
        long expiresAt = expiresAt(exptime, now);
        byte[][] touched = {null};
        computeIfPresent(key, (k, old) -> {
            if (!isLive(old, now, true)) {
                return old; // expired or flushed: reclaimed by the cache, kept until then for its version
            }
            // In place, as memcached does: the value does not change. The version is taken before
            // anything changes (it may be refused); the expiry is written first, then the version.
            long version = versions.next(Items.version(old));
            Items.expiresAt(old, expiresAt);
            Items.version(old, version);
            touched[0] = old;
            return old;
        });
        return touched[0]; // null for an expired item too, which stays in the map but is not touched
    }

    /**
     * Stores {@code item} (an array from {@link Items#allocate(ItemKey, int)} holding the key and the
     * value) under {@code key} as {@code mode} says. The store fills in the header; the caller gives
     * up the array.
     */
    public StoreOutcome store(StoreMode mode, ItemKey key, byte[] item, int flags, long exptime, long casUnique) {
        long now = nowSeconds();
        Items.flags(item, flags);
        Items.expiresAt(item, expiresAt(exptime, now));
        if (!fits(item)) {
            return StoreOutcome.OUT_OF_MEMORY;
        }
        StoreOutcome[] outcome = new StoreOutcome[1];
        compute(key, item, (k, old) -> {
            byte[] live = old != null && isLive(old, now, false) ? old : null;
            byte[] next = mode == StoreMode.SET ? item : combine(mode, live, item, casUnique, outcome);
            if (next == null) {
                return old; // nothing stored: whatever was there (an expired item) stays for its version
            }
            if (next != live) {
                stamp(next, now, old);
                Items.cas(next, Items.version(next));
                counters.totalItems.increment();
            }
            if (mode == StoreMode.SET) {
                outcome[0] = StoreOutcome.STORED;
            }
            return next;
        });
        return outcome[0];
    }

    private static byte[] combine(StoreMode mode, byte[] live, byte[] item, long casUnique, StoreOutcome[] outcome) {
        switch (mode) {
            case ADD -> {
                outcome[0] = live == null ? StoreOutcome.STORED : StoreOutcome.NOT_STORED;
                return live == null ? item : live;
            }
            case REPLACE -> {
                outcome[0] = live == null ? StoreOutcome.NOT_STORED : StoreOutcome.STORED;
                return live == null ? null : item;
            }
            case CAS -> {
                if (live == null) {
                    outcome[0] = StoreOutcome.NOT_FOUND;
                    return null;
                }
                if (Items.cas(live) != casUnique) {
                    outcome[0] = StoreOutcome.EXISTS;
                    return live;
                }
                outcome[0] = StoreOutcome.STORED;
                return item;
            }
            case APPEND, PREPEND -> {
                if (live == null) {
                    outcome[0] = StoreOutcome.NOT_STORED;
                    return null;
                }
                outcome[0] = StoreOutcome.STORED;
                return concat(live, item, mode == StoreMode.APPEND);
            }
            default -> throw new IllegalArgumentException("not a conditional mode: " + mode);
        }
    }

    /** append/prepend keep the old item's flags and expiry, as memcached does. */
    static byte[] concat(byte[] old, byte[] added, boolean append) {
        int oldLength = Items.valueLength(old);
        int addedLength = Items.valueLength(added);
        byte[] next = Items.allocateLike(old, oldLength + addedLength);
        Items.flags(next, Items.flags(old));
        Items.expiresAt(next, Items.expiresAt(old));
        int off = Items.valueOffset(next);
        byte[] first = append ? old : added;
        byte[] second = append ? added : old;
        int firstLength = Items.valueLength(first);
        System.arraycopy(first, Items.valueOffset(first), next, off, firstLength);
        System.arraycopy(second, Items.valueOffset(second), next, off + firstLength, Items.valueLength(second));
        return next;
    }

    /**
     * Deletes the key's item; true when a live one was there. In a cluster the delete leaves a
     * tombstone with a new version whether or not an item was here: another owner may hold a copy
     * this node never saw, and the delete must win over it wherever it turns up.
     */
    public boolean delete(ItemKey key) {
        long now = nowSeconds();
        boolean[] deleted = new boolean[1];
        if (tombstones == null) {
            computeIfPresent(key, (k, old) -> {
                deleted[0] = isLive(old, now, false);
                return null;
            });
            return deleted[0];
        }
        compute(key, null, (k, old) -> {
            deleted[0] = old != null && isLive(old, now, false);
            recordDelete(k, old);
            return null;
        });
        return deleted[0];
    }

    /**
     * In a cluster, remembers a delete of {@code key} (whose item was {@code old}, or null) with a
     * version after everything this node saw of the key. Called inside the key's compute.
     */
    void recordDelete(ItemKey key, byte[] old) {
        Tombstones kept = tombstones;
        if (kept != null) {
            long after = old == null ? kept.version(key) : Items.version(old);
            kept.record(key, versions.next(after), old != null && isLive(old, nowSeconds(), false));
        }
    }

    public ArithmeticResult arithmetic(ItemKey key, boolean increment, long delta) {
        long now = nowSeconds();
        ArithmeticResult[] result = {ArithmeticResult.NOT_FOUND};
        computeIfPresent(key, (k, old) -> {
            if (!isLive(old, now, false)) {
                return old; // kept for its version until the sweep reclaims it
            }
            if (!CounterItems.isCounter(old)) {
                result[0] = ArithmeticResult.NON_NUMERIC;
                return old;
            }
            byte[] item = CounterItems.counterItem(old, CounterItems.applyDelta(CounterItems.counterValue(old), increment, delta),
                    Items.flags(old), Items.expiresAt(old));
            stamp(item, now, old);
            Items.cas(item, Items.version(item));
            result[0] = new ArithmeticResult(ArithmeticResult.Status.UPDATED, item);
            return item;
        });
        return result[0];
    }

    /**
     * flush_all: with no delay, everything stored so far becomes invalid now; with a delay, at that
     * time (memcached's rule: the flush happens {@code delay - 1} seconds from now), which is the
     * same as an immediate flush then, so it is carried out by the first command after that time.
     * Returns the floor of an immediate flush (items below it are gone), for the other owners; 0
     * for a delayed one.
     */
    public long flushAll(long delay) {
        return flushFloor.flushAll(delay, nowSeconds());
    }

    /**
     * Drops every item and tombstone with a version below {@code floor} (a flush_all, here or on
     * another node), and refuses any such copy that arrives later. Idempotent; a lower floor than
     * the current one changes nothing.
     */
    public void flushBelow(long floor) {
        flushFloor.raise(floor);
    }

    /** The flush floor now: every item with a lower version is gone (0: never flushed). */
    public long flushFloor() {
        return flushFloor.at(nowSeconds());
    }

    /** Drops what a new flush floor left below it. */
    private void dropBelow(long floor) {
        Tombstones kept = tombstones;
        if (kept != null) {
            kept.forgetBelow(floor);
        }
        // Reclaim the memory off the event loop; reads already ignore these items.
        CompletableFuture.runAsync(() -> {
            for (StoredItem stored : map.values()) {
                byte[] item = stored.item;
                if (FlushFloor.isBelow(item, floor)) {
                    removeIfSame(stored, item);
                }
            }
        }, reclaim);
    }

    /**
     * Gives a new or changed item its version, after {@code replaced} (the item it replaces, or null)
     * and every version this node has seen, and marks it written now.
     */
    void stamp(byte[] item, long now, byte[] replaced) {
        flushFloor.at(now); // a delayed flush that is due happens before this write
        Items.written(item, now);
        Items.version(item, versions.next(replaced == null ? 0 : Items.version(replaced)));
    }

    /**
     * The key's item as it is, expired or not (but not flushed), without counting a fetch: what a
     * replica image or a transfer carries. Null when there is none.
     */
    public byte[] peek(ItemKey key) {
        StoredItem stored = map.get(key);
        byte[] item = stored == null ? null : stored.item;
        return item == null || FlushFloor.isBelow(item, flushFloor.at(nowSeconds())) ? null : item;
    }

    /**
     * Another owner's copy of a key (a replica write, a transfer, a repair): {@code item} has its
     * whole header filled in (version, CAS, flags, expiry, marks). Stored unless this node holds the
     * key at the same or a later version, as an item or a tombstone, or the copy is below the flush
     * floor. Either way, afterwards this node holds the key at the copy's version or later (an
     * out-of-memory refusal aside), which is what the sender needs to know.
     */
    public CopyOutcome applyCopy(ItemKey key, byte[] item) {
        return replicaCopies.applyCopy(key, item);
    }

    /**
     * Another owner's delete of a key at {@code version}: removes this node's copy unless it is
     * later, and remembers the delete (a tombstone) so that no older copy comes back.
     */
    public CopyOutcome applyDelete(ItemKey key, long version) {
        return replicaCopies.applyDelete(key, version);
    }

    /** A client fetched {@code item} (get, gets, gat, gats, mg): for meta h and l. Internal reads do not count. */
    public void fetched(byte[] item) {
        Items.fetchedAt(item, nowSeconds());
    }

    /**
     * Every key held now, for a walk over the whole store (rebalancing). Weakly consistent: keys
     * written during the walk may or may not be seen; expired items may be; no key is seen twice.
     */
    public Iterable<ItemKey> keys() {
        // Each key is copied out of its item: a walk may keep keys longer than the items live.
        return () -> new java.util.Iterator<>() {
            private final java.util.Iterator<StoredItem> held = map.values().iterator();

            @Override
            public boolean hasNext() {
                return held.hasNext();
            }

            @Override
            public ItemKey next() {
                return Items.key(held.next().item);
            }
        };
    }

    /** Removes the item only if it is still exactly {@code item}, i.e. nothing wrote the key since it was read. */
    public boolean removeIfSame(ItemKey key, byte[] item) {
        return removeIfSame((Object) key, item);
    }

    /** {@link #removeIfSame(ItemKey, byte[])} with the map's own entry or an ItemKey as the probe. */
    private boolean removeIfSame(Object key, byte[] item) {
        boolean[] removed = {false};
        map.computeIfPresent(key, (k, stored) -> {
            removed[0] = stored.item == item;
            return removed[0] ? null : stored;
        });
        return removed[0];
    }

    public long itemCount() {
        return cache.estimatedSize();
    }

    public long usedBytes() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    public long memoryLimitBytes() {
        return memoryLimitBytes;
    }

    public boolean evictionEnabled() {
        return evictionEnabled;
    }

    /**
     * Visits up to {@code budget} items, continuing where the last call stopped, and removes the
     * expired ones (counted as reclaimed) and those written before a {@code flush_all}. Returns how
     * many expired items it removed. The node calls it periodically from one thread.
     */
    public int sweep(int budget) {
        long now = nowSeconds();
        int[] expired = {0};
        sweep.sweep(budget, item -> !isLive(item, now), item -> {
            if (isExpired(item, now)) {
                counters.reclaimed.increment();
                expired[0]++;
            }
        });
        return expired[0];
    }

    /** Runs pending eviction work now (tests, stats). */
    public void cleanUp() {
        cache.cleanUp();
    }

    /** The CAS unique for a changed item: its version, or {@code explicit} (a meta command's E flag) when given. */
    static long casFor(byte[] item, boolean hasExplicit, long explicit) {
        return hasExplicit ? explicit : Items.version(item);
    }

    /** The clock that versions this node's writes. */
    public HybridClock versions() {
        return versions;
    }

    /** Keeps tombstones from now on (a cluster node; see {@link Tombstones}). */
    public void keepTombstones(Tombstones kept) {
        this.tombstones = kept;
    }

    /** The tombstones kept, or null on a node alone. */
    public Tombstones tombstones() {
        return tombstones;
    }

    boolean isLive(byte[] item, long now) {
        return isLive(item, now, false);
    }

    boolean fits(byte[] item) {
        return evictionEnabled || usedBytes() + weight(item) <= memoryLimitBytes;
    }

    private static boolean isExpired(byte[] item, long now) {
        long expires = Items.expiresAt(item);
        return expires != 0 && expires <= now;
    }

    private boolean isLive(byte[] item, long now, boolean countMisses) {
        if (isExpired(item, now)) {
            if (countMisses) {
                counters.expiredOnRead.increment();
            }
            return false;
        }
        if (FlushFloor.isBelow(item, flushFloor.at(now))) {
            if (countMisses) {
                counters.flushedOnRead.increment();
            }
            return false;
        }
        return true;
    }

    /**
     * memcached's exptime rule: 0 never expires; up to 30 days is relative to now; beyond that an
     * absolute unix time; negative means already expired.
     */
    static long expiresAt(long exptime, long now) {
        if (exptime == 0) {
            return 0;
        }
        if (exptime < 0) {
            return 1; // any second in the past
        }
        if (exptime > RELATIVE_EXPTIME_LIMIT) {
            return exptime;
        }
        return now + exptime;
    }

    private void countRemoval(RemovalCause cause) {
        if (cause == RemovalCause.SIZE) {
            counters.evictions.increment();
        }
    }
}
