package io.ringcache.bench.report;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/** The runs found under a results directory: each directory holding a summary.json is one run. */
public final class RunResults {
  /** One run: where it is and what its summary says. */
  public record Run(Path dir, Map<String, Object> summary) {
    public String target() {
      return String.valueOf(summary.get("target"));
    }

    public String workload() {
      return String.valueOf(summary.get("workload"));
    }

    public boolean valid() {
      return Boolean.TRUE.equals(summary.get("valid"));
    }

    /** A number from the summary by dotted path, e.g. {@code latencyMicros.total.p99}; NaN if absent. */
    public double number(String path) {
      Object node = summary;
      for (String part : splitPath(path)) {
        if (!(node instanceof Map<?, ?> map)) {
          return Double.NaN;
        }
        node = map.get(part);
      }
      return node instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /**
     * Server CPU time per operation in microseconds (all server processes, user + system), from the
     * CPU share and the operations of the measured phase; NaN without server pids. Less disturbed
     * than ops/s by other work on a shared machine: a server that gets less CPU does fewer
     * operations, not costlier ones.
     */
    public double serverMicrosPerOp() {
      double ops = number("ops");
      return ops > 0 ? number("serverCpuPercent") / 100 * number("measuredSeconds") * 1e6 / ops : Double.NaN;
    }

    /** The round this run belongs to: its directory's name ({@code round-3}), as compare.sh lays runs out. */
    public String round() {
      return dir.getFileName().toString();
    }

    /** The run's whole measured phase, merged from its interval log (gets and sets of the mix). */
    public Histogram totalLatency() {
      return mergeTag(dir.resolve("latency.hlog"), "total");
    }
  }

  private RunResults() {}

  public static List<Run> load(Path root) throws IOException {
    List<Run> runs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(p -> p.getFileName().toString().equals(ReportWriter.SUMMARY)).sorted()::iterator) {
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = JSON.std.mapFrom(Files.readString(file));
        runs.add(new Run(file.getParent(), summary));
      }
    }
    return runs;
  }

  /** Percentile keys such as p99.9 hold a dot themselves, so split only before "p" + digit keys. */
  private static List<String> splitPath(String path) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '.' && !(i > 0 && Character.isDigit(path.charAt(i - 1)) && i + 1 < path.length()
          && Character.isDigit(path.charAt(i + 1)))) {
        parts.add(path.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(path.substring(start));
    return parts;
  }

  static Histogram mergeTag(Path hlog, String tag) {
    Histogram sum = new Histogram(3);
    sum.setAutoResize(true);
    try {
      HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
      EncodableHistogram h;
      while ((h = reader.nextIntervalHistogram()) != null) {
        if (tag.equals(h.getTag()) && h instanceof Histogram histogram) {
          sum.add(histogram);
        }
      }
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException(e);
    }
    return sum;
  }
}
