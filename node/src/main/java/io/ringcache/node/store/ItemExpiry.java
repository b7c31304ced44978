package io.ringcache.node.store;

import com.github.benmanes.caffeine.cache.Expiry;
import io.ringcache.node.NodeClock;

/** Tells Caffeine when to reclaim an item: at its expiry second by the injected clock. */
final class ItemExpiry implements Expiry<ItemKey, byte[]> {
    private static final long RECLAIM_GRACE_MILLIS = 1_000;

    private final NodeClock clock;

    ItemExpiry(NodeClock clock) {
        this.clock = clock;
    }

    @Override
    public long expireAfterCreate(ItemKey key, byte[] item, long currentTime) {
        long expires = Items.expiresAt(item);
        if (expires == 0) {
            return Long.MAX_VALUE;
        }
        // Reclaimed a little after its expiry, not at it: a read in between finds the item, drops
        // it and counts get_expired, as memcached does, instead of seeing a plain miss.
        long millis = Math.max(expires * 1000 - clock.epochMillis(), 0) + RECLAIM_GRACE_MILLIS;
        return Math.multiplyExact(millis, 1_000_000L);
    }

    @Override
    public long expireAfterUpdate(ItemKey key, byte[] item, long currentTime, long currentDuration) {
        return expireAfterCreate(key, item, currentTime);
    }

    @Override
    public long expireAfterRead(ItemKey key, byte[] item, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
