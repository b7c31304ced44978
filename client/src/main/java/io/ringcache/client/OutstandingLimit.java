package io.ringcache.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests accepted by one connection and not yet answered (or failed and taken off the
 * wire); refuses more than {@code max}. A timed-out request keeps its slot until its answer arrives or
 * the connection closes, so a server that stops answering fills the bound instead of memory.
 */
final class OutstandingLimit {
  private final int max;
  /** Requests holding a slot: accepted, and still queued, on the wire, or awaiting their answer. */
  private final AtomicInteger count = new AtomicInteger();

  OutstandingLimit(int max) {
    this.max = max;
  }

  boolean tryAcquire() {
    if (count.incrementAndGet() > max) {
      count.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Takes a slot even past the bound: for a connection's own handshake, which must go first. */
  void forceAcquire() {
    count.incrementAndGet();
  }

  void release() {
    count.decrementAndGet();
  }

  int current() {
    return count.get();
  }

  int max() {
    return max;
  }
}
