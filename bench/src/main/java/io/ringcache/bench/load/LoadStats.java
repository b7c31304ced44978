package io.ringcache.bench.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the event loops record and the reporter drains once a second. Latencies are nanoseconds in
 * {@link Recorder}s (wait-free for the recording threads); counts are {@link LongAdder}s. The
 * corrected recorders time each request from its intended send time (open loop), the uncorrected
 * ones from the moment it was written; in closed loop the two are the same and only the first is
 * kept.
 */
final class LoadStats {
  private static final int DIGITS = 3;

  private final Recorder[] corrected = new Recorder[CommandKind.VALUES.length];
  private final Recorder[] uncorrected = new Recorder[CommandKind.VALUES.length];
  private final boolean keepUncorrected;

  /** Replies per command kind. */
  final LongAdder[] replies = new LongAdder[CommandKind.VALUES.length];
  /** Keys asked for by gets that came back with a value. */
  final LongAdder hits = new LongAdder();
  /** Keys asked for by gets that came back without one. */
  final LongAdder misses = new LongAdder();
  /** Sets answered with something other than STORED. */
  final LongAdder notStored = new LongAdder();
  final LongAdder errorReplies = new LongAdder();
  final LongAdder clientErrorReplies = new LongAdder();
  final LongAdder serverErrorReplies = new LongAdder();
  /** Replies we could not parse; each one costs a connection. */
  final LongAdder protocolErrors = new LongAdder();
  /** Connections that closed while the run still needed them. */
  final LongAdder disconnects = new LongAdder();

  LoadStats(boolean keepUncorrected) {
    this.keepUncorrected = keepUncorrected;
    for (CommandKind kind : CommandKind.VALUES) {
      corrected[kind.ordinal()] = new Recorder(DIGITS);
      uncorrected[kind.ordinal()] = keepUncorrected ? new Recorder(DIGITS) : null;
      replies[kind.ordinal()] = new LongAdder();
    }
  }

  boolean keepsUncorrected() {
    return keepUncorrected;
  }

  void record(CommandKind kind, long intendedNanos, long sentNanos, long nowNanos) {
    corrected[kind.ordinal()].recordValue(Math.max(0, nowNanos - intendedNanos));
    if (keepUncorrected) {
      uncorrected[kind.ordinal()].recordValue(Math.max(0, nowNanos - sentNanos));
    }
  }

  /** Takes and resets everything recorded since the previous call (reporter thread only). */
  Interval drain(long startNanos, long endNanos) {
    Map<CommandKind, Histogram> c = new EnumMap<>(CommandKind.class);
    Map<CommandKind, Histogram> u = new EnumMap<>(CommandKind.class);
    long[] counts = new long[CommandKind.VALUES.length];
    for (CommandKind kind : CommandKind.VALUES) {
      c.put(kind, corrected[kind.ordinal()].getIntervalHistogram());
      if (keepUncorrected) {
        u.put(kind, uncorrected[kind.ordinal()].getIntervalHistogram());
      }
      counts[kind.ordinal()] = replies[kind.ordinal()].sumThenReset();
    }
    return new Interval(
        startNanos,
        endNanos,
        c,
        u,
        counts,
        hits.sumThenReset(),
        misses.sumThenReset(),
        notStored.sumThenReset(),
        errorReplies.sumThenReset(),
        clientErrorReplies.sumThenReset(),
        serverErrorReplies.sumThenReset(),
        protocolErrors.sumThenReset(),
        disconnects.sumThenReset());
  }

  /** One reporting interval: the histograms are owned by whoever holds this. */
  record Interval(
      long startNanos,
      long endNanos,
      Map<CommandKind, Histogram> corrected,
      Map<CommandKind, Histogram> uncorrected,
      long[] replies,
      long hits,
      long misses,
      long notStored,
      long errorReplies,
      long clientErrorReplies,
      long serverErrorReplies,
      long protocolErrors,
      long disconnects) {

    long replies(CommandKind kind) {
      return replies[kind.ordinal()];
    }

    /** Gets and sets of the mix (not fills, not prefill). */
    long workloadOps() {
      return replies(CommandKind.GET) + replies(CommandKind.SET);
    }
  }
}
