package io.ringcache.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small in-process copy of hot items, off by default. An item read from the cluster is kept for a
 * short time-to-live; every write through this client drops its key first and again when the write is
 * answered (so a read racing the write cannot put the old value back). Writes by other clients are
 * seen after at most the time-to-live: use it only for keys that tolerate that staleness.
 */
public final class NearCache {
  private final Cache<String, RetrievedItem> items;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public NearCache(long maxItems, Duration timeToLive) {
    if (maxItems < 1) {
      throw new IllegalArgumentException("maxItems must be at least 1, got " + maxItems);
    }
    if (timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("timeToLive must be positive, got " + timeToLive);
    }
    items = Caffeine.newBuilder().maximumSize(maxItems).expireAfterWrite(timeToLive).build();
  }

  RetrievedItem get(String key) {
    RetrievedItem item = items.getIfPresent(key);
    (item == null ? misses : hits).increment();
    return item;
  }

  void put(RetrievedItem item) {
    items.put(item.key(), item);
  }

  void invalidate(String key) {
    items.invalidate(key);
  }

  void invalidateAll() {
    items.invalidateAll();
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }
}
