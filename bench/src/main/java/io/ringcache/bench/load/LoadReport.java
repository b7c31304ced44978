package io.ringcache.bench.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one measured phase. Latency histograms are in nanoseconds; {@code corrected}
 * counts from the intended send time, {@code uncorrected} (open loop only, else empty) from the
 * actual write.
 */
public record LoadReport(
    LoadSettings settings,
    double measuredSeconds,
    Map<CommandKind, Histogram> corrected,
    Map<CommandKind, Histogram> uncorrected,
    Map<CommandKind, Long> replies,
    long hits,
    long misses,
    long notStored,
    long errorReplies,
    long clientErrorReplies,
    long serverErrorReplies,
    long protocolErrors,
    long disconnects,
    long prefilledKeys,
    double prefillSeconds,
    double generatorCpuSeconds,
    double serverCpuSeconds) {

  public long workloadOps() {
    return replies.getOrDefault(CommandKind.GET, 0L) + replies.getOrDefault(CommandKind.SET, 0L);
  }

  public double opsPerSecond() {
    return measuredSeconds > 0 ? workloadOps() / measuredSeconds : 0;
  }

  /** Hits over keys asked for; NaN when no get was answered. */
  public double hitRatio() {
    long keys = hits + misses;
    return keys == 0 ? Double.NaN : (double) hits / keys;
  }

  /** Percent of one core, over the measured phase. */
  public double generatorCpuPercent() {
    return measuredSeconds > 0 ? 100 * generatorCpuSeconds / measuredSeconds : Double.NaN;
  }

  public double serverCpuPercent() {
    return measuredSeconds > 0 ? 100 * serverCpuSeconds / measuredSeconds : Double.NaN;
  }

  public Histogram totalCorrected() {
    return LoadTotals.workloadTotal(corrected);
  }

  public Histogram totalUncorrected() {
    return uncorrected.isEmpty() ? null : LoadTotals.workloadTotal(uncorrected);
  }

  /** True when something was measured and nothing went wrong on the wire. */
  public boolean valid() {
    return workloadOps() > 0 && protocolErrors == 0 && disconnects == 0;
  }
}
