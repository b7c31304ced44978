package io.ringcache.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The measured phase's one-second histograms in HdrHistogram's interval log format, one line per
 * command kind tagged with its name plus one tagged {@code total} (gets and sets of the mix). Read
 * it with HistogramLogProcessor, or let {@code ringcache-bench plot} merge runs from it.
 */
final class IntervalLog implements AutoCloseable {
  private final PrintStream out;
  private final HistogramLogWriter writer;
  private boolean started;

  IntervalLog(Path file) throws IOException {
    this.out = new PrintStream(file.toFile(), "US-ASCII");
    this.writer = new HistogramLogWriter(out);
  }

  /** Call when the measured phase begins: interval times in the log count from here. */
  void start() {
    long now = System.currentTimeMillis();
    writer.outputComment("ringcache-bench latency intervals, values in nanoseconds (corrected)");
    writer.outputLogFormatVersion();
    writer.outputStartTime(now);
    writer.setBaseTime(now);
    writer.outputLegend();
    started = true;
  }

  void write(LoadStats.Interval interval) {
    if (!started) {
      start();
    }
    interval.corrected().forEach((kind, h) -> {
      if (h.getTotalCount() > 0) {
        h.setTag(kind.label());
        writer.outputIntervalHistogram(h);
      }
    });
    Histogram total = LoadTotals.workloadTotal(interval.corrected());
    if (total.getTotalCount() > 0) {
      total.setStartTimeStamp(interval.corrected().get(CommandKind.GET).getStartTimeStamp());
      total.setEndTimeStamp(interval.corrected().get(CommandKind.GET).getEndTimeStamp());
      total.setTag("total");
      writer.outputIntervalHistogram(total);
    }
  }

  @Override
  public void close() {
    out.close();
  }
}
