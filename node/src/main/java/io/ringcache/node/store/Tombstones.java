package io.ringcache.node.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The deletes a cluster node remembers: key to the version of its delete. While a key's tombstone
 * is here, no older copy of the key (a replica write that arrives late, a rebalancing transfer, a
 * repair) is stored again, so a deleted value does not come back.
 *
 * <p>A tombstone is kept for {@link #window()} after its delete and, within a memory budget, the
 * oldest go first when the budget is full ({@link #evicted()} counts those). The window must outlive
 * every way an older copy can still arrive: a walk over the store that started before the delete,
 * a replica write retried within its deadline, a hint replayed. Nodes that were cut off from the
 * cluster longer than that drop what they held before they serve again (docs/cluster.md), so their
 * copies never need a tombstone to be stopped.
 *
 * <p>Every change of a key's tombstone is made inside the item map's compute for that key, so it is
 * atomic with the key's item (see {@link ItemStore}).
 */
public final class Tombstones {

    /** What one tombstone costs: Caffeine's node and the map's (~100 B), the boxed version, the key. */
    static final int PER_TOMBSTONE_BYTES = 136;

    private final Cache<ItemKey, Long> versions;
    private final Duration window;
    private final long maxBytes;
    private final LongAdder evicted = new LongAdder();

    public Tombstones(Duration window, long maxBytes, Ticker ticker) {
        this.window = window;
        this.maxBytes = maxBytes;
        this.versions = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(window)
                .maximumWeight(maxBytes)
                .weigher((ItemKey key, Long version) -> PER_TOMBSTONE_BYTES + key.length())
                .executor(Runnable::run)
                .evictionListener((ItemKey key, Long version, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evicted.increment();
                    }
                })
                .build();
    }

    /**
     * Kept with the version, in its top bit: whether the delete removed a live item here. Versions
     * count milliseconds from 2020 in their top 42 bits, so that bit stays clear until 2089.
     */
    private static final long REMOVED_LIVE = 1L << 63;

    /** The version of the key's delete, or 0 when none is remembered. */
    public long version(ItemKey key) {
        Long entry = versions.getIfPresent(key);
        return entry == null ? 0 : entry & ~REMOVED_LIVE;
    }

    /**
     * Whether the key's remembered delete removed a live item from this node (rather than finding
     * nothing, or only an expired item): a retried delete reports it ({@code DELETED} or not).
     */
    public boolean removedLive(ItemKey key) {
        Long entry = versions.getIfPresent(key);
        return entry != null && (entry & REMOVED_LIVE) != 0;
    }

    /** Remembers a delete of {@code key} at {@code version}, unless a later one is remembered. */
    void record(ItemKey key, long version, boolean removedLive) {
        long entry = version | (removedLive ? REMOVED_LIVE : 0);
        versions.asMap().merge(key, entry,
                (held, offered) -> HybridClock.isAfter(offered & ~REMOVED_LIVE, held & ~REMOVED_LIVE) ? offered : held);
    }

    /** Forgets tombstones older than a flush's floor: the floor itself now stops those versions. */
    void forgetBelow(long floor) {
        versions.asMap().values().removeIf(entry -> Long.compareUnsigned(entry & ~REMOVED_LIVE, floor) < 0);
    }

    /** The keys with a tombstone now (weakly consistent), for walks that hand deletes on. */
    public Iterable<ItemKey> keys() {
        return versions.asMap().keySet();
    }

    public long count() {
        return versions.estimatedSize();
    }

    /** Tombstones dropped before their window ended because the budget was full. */
    public long evicted() {
        return evicted.sum();
    }

    public Duration window() {
        return window;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
