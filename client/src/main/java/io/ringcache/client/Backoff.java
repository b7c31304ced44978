package io.ringcache.client;

import java.util.function.LongUnaryOperator;

/**
 * Reconnect delays: exponential growth from {@code min} to {@code max}, each drawn uniformly from
 * [min, ceiling] ("full jitter", so a fleet of clients that lost the same node does not reconnect in
 * lock step). Not thread-safe: one per connection, used on its event loop.
 */
final class Backoff {
  private final long minNanos;
  private final long maxNanos;
  /** Returns a uniform value in [0, bound); injected so tests can pin the jitter. */
  private final LongUnaryOperator random;
  private int attempts;

  Backoff(long minNanos, long maxNanos, LongUnaryOperator random) {
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
    this.random = random;
  }

  long nextDelayNanos() {
    long ceiling = minNanos << Math.min(attempts, 30);
    if (ceiling <= 0 || ceiling > maxNanos) {
      ceiling = maxNanos;
    }
    attempts++;
    long span = ceiling - minNanos;
    return minNanos + (span > 0 ? random.applyAsLong(span + 1) : 0);
  }

  void reset() {
    attempts = 0;
  }
}
