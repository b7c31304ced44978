package io.ringcache.bench.load;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The sum of the intervals of one phase; touched by the reporter thread only. */
final class LoadTotals {
  private static final int DIGITS = 3;

  final Map<CommandKind, Histogram> corrected = new EnumMap<>(CommandKind.class);
  final Map<CommandKind, Histogram> uncorrected = new EnumMap<>(CommandKind.class);
  final long[] replies = new long[CommandKind.VALUES.length];
  long hits;
  long misses;
  long notStored;
  long errorReplies;
  long clientErrorReplies;
  long serverErrorReplies;
  long protocolErrors;
  long disconnects;

  LoadTotals(boolean keepUncorrected) {
    for (CommandKind kind : CommandKind.VALUES) {
      corrected.put(kind, newHistogram());
      if (keepUncorrected) {
        uncorrected.put(kind, newHistogram());
      }
    }
  }

  static Histogram newHistogram() {
    Histogram h = new Histogram(DIGITS);
    h.setAutoResize(true);
    return h;
  }

  void add(LoadStats.Interval interval) {
    interval.corrected().forEach((kind, h) -> corrected.get(kind).add(h));
    interval.uncorrected().forEach((kind, h) -> uncorrected.get(kind).add(h));
    for (int i = 0; i < replies.length; i++) {
      replies[i] += interval.replies()[i];
    }
    hits += interval.hits();
    misses += interval.misses();
    notStored += interval.notStored();
    errorReplies += interval.errorReplies();
    clientErrorReplies += interval.clientErrorReplies();
    serverErrorReplies += interval.serverErrorReplies();
    protocolErrors += interval.protocolErrors();
    disconnects += interval.disconnects();
  }

  /** Gets and sets of the mix together (fills and prefill excluded). */
  static Histogram workloadTotal(Map<CommandKind, Histogram> byKind) {
    Histogram total = newHistogram();
    Histogram get = byKind.get(CommandKind.GET);
    Histogram set = byKind.get(CommandKind.SET);
    if (get != null) {
      total.add(get);
    }
    if (set != null) {
      total.add(set);
    }
    return total;
  }
}
