package io.ringcache.membership;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Admits each authenticated gossip frame once: its send time must be within {@link #windowMillis}
 * of this node's clock, and its nonce not seen within that window. A frame recorded before is a
 * replay; one outside the window cannot be checked against the record and is refused too. So the
 * members' clocks must agree to within the window (NTP does far better).
 *
 * <p>Only frames whose MAC was valid reach this, so only members fill the record; it is bounded all
 * the same ({@link #capacity}): when full, frames are refused until old entries expire. Thread-safe.
 */
final class ReplayGuard {

  /** What became of a frame. */
  enum Verdict { FRESH, STALE, REPLAYED, FULL }

  private record Nonce(long high, long low) {}

  private final long windowMillis;
  private final int capacity;
  private final LongSupplier clock;
  private final ConcurrentHashMap<Nonce, Long> seen = new ConcurrentHashMap<>();
  private final AtomicLong nextPrune = new AtomicLong();

  ReplayGuard(long windowMillis, int capacity, LongSupplier clock) {
    if (windowMillis <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("window and capacity must be positive");
    }
    this.windowMillis = windowMillis;
    this.capacity = capacity;
    this.clock = clock;
  }

  Verdict admit(long sentMillis, long nonceHigh, long nonceLow) {
    long now = clock.getAsLong();
    if (Math.abs(now - sentMillis) > windowMillis) {
      return Verdict.STALE;
    }
    long prune = nextPrune.get();
    if ((now >= prune || seen.size() >= capacity) && nextPrune.compareAndSet(prune, now + windowMillis / 4)) {
      seen.values().removeIf(sent -> sent < now - windowMillis);
    }
    if (seen.size() >= capacity) {
      return Verdict.FULL;
    }
    return seen.putIfAbsent(new Nonce(nonceHigh, nonceLow), sentMillis) == null ? Verdict.FRESH : Verdict.REPLAYED;
  }

  int remembered() {
    return seen.size();
  }
}
