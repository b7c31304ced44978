package io.ringcache.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Request counts and latency of one node (all its connections). Recording is wait-free (LongAdder,
 * HdrHistogram {@link Recorder}), so I/O threads never contend on it; {@link #snapshot()} may be called
 * from any thread.
 */
public final class NodeMetrics {
  /** Latencies above a minute are clamped: a request never lives that long (it times out). */
  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

  private final String node;
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder overloads = new LongAdder();
  private final LongAdder nodeDown = new LongAdder();
  private final LongAdder connectionLost = new LongAdder();
  private final LongAdder errorAnswers = new LongAdder();
  private final LongAdder corrupt = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private final Recorder latency = new Recorder(MAX_MICROS, 3);
  /** Guards {@link #total}: the union of all intervals taken so far. */
  private final Object snapshotLock = new Object();
  private final Histogram total = new Histogram(MAX_MICROS, 3);

  public NodeMetrics(String node) {
    this.node = node;
  }

  void recordSuccess(long latencyNanos) {
    succeeded.increment();
    latency.recordValue(Math.min(MAX_MICROS, Math.max(0, latencyNanos / 1000)));
  }

  void recordFailure(Throwable failure) {
    if (failure instanceof RequestTimeoutException) {
      timeouts.increment();
    } else if (failure instanceof OverloadedException) {
      overloads.increment();
    } else if (failure instanceof ConnectionLostException) {
      connectionLost.increment();
    } else if (failure instanceof NodeDownException) {
      nodeDown.increment();
    } else if (failure instanceof CorruptResponseException) {
      corrupt.increment();
    } else {
      errorAnswers.increment();
    }
  }

  void recordReconnect() {
    reconnects.increment();
  }

  /**
   * Counts since start, the latency of successful requests since the previous snapshot (interval)
   * and since start (total), in microseconds.
   */
  public Snapshot snapshot() {
    synchronized (snapshotLock) {
      Histogram interval = latency.getIntervalHistogram();
      total.add(interval);
      return new Snapshot(node, succeeded.sum(), timeouts.sum(), overloads.sum(), nodeDown.sum(),
          connectionLost.sum(), errorAnswers.sum(), corrupt.sum(), reconnects.sum(), interval,
          total.copy());
    }
  }

  /** A point-in-time copy; histograms are in microseconds. */
  public record Snapshot(String node, long succeeded, long timeouts, long overloads, long nodeDown,
      long connectionLost, long errorAnswers, long corrupt, long reconnects,
      Histogram intervalLatencyMicros, Histogram totalLatencyMicros) {

    public long failed() {
      return timeouts + overloads + nodeDown + connectionLost + errorAnswers + corrupt;
    }
  }
}
