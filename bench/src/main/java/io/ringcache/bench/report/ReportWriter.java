package io.ringcache.bench.report;

import com.fasterxml.jackson.jr.ob.JSON;
import io.ringcache.bench.load.CommandKind;
import io.ringcache.bench.load.LoadReport;
import io.ringcache.bench.load.LoadSettings;
import io.ringcache.bench.load.Micros;
import java.io.IOException;
import java.io.PrintStream;
import io.ringcache.ring.HostPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Turns a {@link LoadReport} into what people and scripts read: the final table, {@code
 * summary.json}, and one {@code .hgrm} percentile file per command kind (latencies in
 * microseconds), {@code -uncorrected.hgrm} beside each in open loop.
 */
public final class ReportWriter {
  public static final String SUMMARY = "summary.json";
  static final double NANOS_PER_MICRO = 1000.0;
  private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

  private ReportWriter() {}

  public static void writeAll(LoadReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    // NaN (no samples) is written as the string "NaN", which RunResults reads back as NaN
    Files.writeString(dir.resolve(SUMMARY), JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT)
        .asString(summary(report)) + "\n", StandardCharsets.UTF_8);
    writeHgrm(dir.resolve("total.hgrm"), report.totalCorrected());
    for (Map.Entry<CommandKind, Histogram> e : report.corrected().entrySet()) {
      if (e.getValue().getTotalCount() > 0) {
        writeHgrm(dir.resolve(e.getKey().label() + ".hgrm"), e.getValue());
      }
    }
    if (report.totalUncorrected() != null) {
      writeHgrm(dir.resolve("total-uncorrected.hgrm"), report.totalUncorrected());
      for (Map.Entry<CommandKind, Histogram> e : report.uncorrected().entrySet()) {
        if (e.getValue().getTotalCount() > 0) {
          writeHgrm(dir.resolve(e.getKey().label() + "-uncorrected.hgrm"), e.getValue());
        }
      }
    }
  }

  static void writeHgrm(Path file, Histogram histogram) throws IOException {
    try (PrintStream out = new PrintStream(file.toFile(), StandardCharsets.US_ASCII)) {
      histogram.outputPercentileDistribution(out, 5, NANOS_PER_MICRO);
    }
  }

  public static Map<String, Object> summary(LoadReport r) {
    LoadSettings s = r.settings();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", s.target());
    m.put("workload", s.workload());
    List<Object> servers = new ArrayList<>();
    for (java.net.SocketAddress a : s.servers()) {
      servers.add(io.ringcache.bench.load.LoadSettings.show(a));
    }
    m.put("servers", servers);
    m.put("mode", s.openLoop() ? "open" : "closed");
    m.put("targetRate", s.rate());
    m.put("connections", s.connections());
    m.put("pipeline", s.pipeline());
    m.put("threads", s.threads());
    m.put("keyCount", s.keyCount());
    m.put("distribution", s.keyChooser().toString());
    m.put("valueSize", s.valueSize().toString());
    m.put("setGetRatio", s.mix().toString());
    m.put("multiGet", s.multiGet());
    m.put("setOnMiss", s.setOnMiss());
    m.put("measuredSeconds", r.measuredSeconds());
    m.put("ops", r.workloadOps());
    m.put("opsPerSecond", r.opsPerSecond());
    Map<String, Object> replies = new LinkedHashMap<>();
    r.replies().forEach((k, v) -> replies.put(k.label(), v));
    m.put("replies", replies);
    m.put("hits", r.hits());
    m.put("misses", r.misses());
    m.put("hitRatio", r.hitRatio());
    m.put("notStored", r.notStored());
    Map<String, Object> errors = new LinkedHashMap<>();
    errors.put("error", r.errorReplies());
    errors.put("clientError", r.clientErrorReplies());
    errors.put("serverError", r.serverErrorReplies());
    errors.put("protocol", r.protocolErrors());
    errors.put("disconnects", r.disconnects());
    m.put("errors", errors);
    m.put("valid", r.valid());
    m.put("generatorCpuPercent", r.generatorCpuPercent());
    m.put("serverCpuPercent", r.serverCpuPercent());
    m.put("latencyMicros", latencies(r.corrected(), r.totalCorrected()));
    if (r.totalUncorrected() != null) {
      m.put("uncorrectedLatencyMicros", latencies(r.uncorrected(), r.totalUncorrected()));
    }
    Map<String, Object> prefill = new LinkedHashMap<>();
    prefill.put("keys", r.prefilledKeys());
    prefill.put("seconds", r.prefillSeconds());
    m.put("prefill", prefill);
    return m;
  }

  private static Map<String, Object> latencies(Map<CommandKind, Histogram> byKind, Histogram total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", stats(total));
    byKind.forEach((kind, h) -> {
      if (h.getTotalCount() > 0) {
        m.put(kind.label(), stats(h));
      }
    });
    return m;
  }

  private static Map<String, Object> stats(Histogram h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", h.getTotalCount());
    m.put("mean", h.getTotalCount() == 0 ? Double.NaN : h.getMean() / NANOS_PER_MICRO);
    for (double p : PERCENTILES) {
      m.put(percentileName(p), h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / NANOS_PER_MICRO);
    }
    m.put("max", h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / NANOS_PER_MICRO);
    return m;
  }

  static String percentileName(double p) {
    return "p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p));
  }

  /** The final table: one row per command kind and one for the mix as a whole. */
  public static void printTable(LoadReport r, PrintStream out) {
    LoadSettings s = r.settings();
    out.printf("%n%s / %s: %s loop, %d connections, pipeline %d, %.1f s measured%n",
        s.target(), s.workload(), s.openLoop() ? "open (" + (long) s.rate() + " req/s target)" : "closed",
        s.connections(), s.pipeline(), r.measuredSeconds());
    out.printf("%-18s %12s %12s %10s %10s %10s %10s %10s%n",
        "command", "count", "ops/s", "p50", "p90", "p99", "p99.9", "max");
    printRow(out, "total", r.totalCorrected(), r.measuredSeconds());
    r.corrected().forEach((kind, h) -> printRow(out, kind.label(), h, r.measuredSeconds()));
    if (r.totalUncorrected() != null) {
      printRow(out, "total uncorrected", r.totalUncorrected(), r.measuredSeconds());
    }
    out.printf("hit ratio %s   not stored %d   errors: ERROR %d, CLIENT_ERROR %d, SERVER_ERROR %d, protocol %d, disconnects %d%n",
        Double.isNaN(r.hitRatio()) ? "n/a" : String.format("%.2f%%", 100 * r.hitRatio()),
        r.notStored(), r.errorReplies(), r.clientErrorReplies(), r.serverErrorReplies(),
        r.protocolErrors(), r.disconnects());
    out.printf("CPU (percent of one core): generator %.0f%%, server %s%n",
        r.generatorCpuPercent(),
        Double.isNaN(r.serverCpuPercent()) ? "n/a (pass --server-pid)" : String.format("%.0f%%", r.serverCpuPercent()));
  }

  private static void printRow(PrintStream out, String name, Histogram h, double seconds) {
    if (h.getTotalCount() == 0) {
      return;
    }
    out.printf("%-18s %,12d %,12.0f %10s %10s %10s %10s %10s%n",
        name,
        h.getTotalCount(),
        h.getTotalCount() / seconds,
        Micros.format(h.getValueAtPercentile(50)).trim(),
        Micros.format(h.getValueAtPercentile(90)).trim(),
        Micros.format(h.getValueAtPercentile(99)).trim(),
        Micros.format(h.getValueAtPercentile(99.9)).trim(),
        Micros.format(h.getMaxValue()).trim());
  }
}
