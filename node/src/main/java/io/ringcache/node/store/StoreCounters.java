package io.ringcache.node.store;

import java.util.concurrent.atomic.LongAdder;

/** Counters kept by the store for {@code stats}; each field counts the event its name says. */
public final class StoreCounters {
    /** Live items removed to make room for new ones. */
    final LongAdder evictions = new LongAdder();
    /** Expired items removed by the sweep ({@link ItemStore#sweep}) before anyone asked for them. */
    final LongAdder reclaimed = new LongAdder();
    /** Lookups that found an item past its expiry. */
    final LongAdder expiredOnRead = new LongAdder();
    /** Lookups that found an item invalidated by flush_all. */
    final LongAdder flushedOnRead = new LongAdder();
    /** Items ever stored. */
    final LongAdder totalItems = new LongAdder();

    public long evictions() {
        return evictions.sum();
    }

    public long reclaimed() {
        return reclaimed.sum();
    }

    public long expiredOnRead() {
        return expiredOnRead.sum();
    }

    public long flushedOnRead() {
        return flushedOnRead.sum();
    }

    public long totalItems() {
        return totalItems.sum();
    }

    void reset() {
        evictions.reset();
        reclaimed.reset();
        expiredOnRead.reset();
        flushedOnRead.reset();
        totalItems.reset();
    }
}
