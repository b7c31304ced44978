package io.ringcache.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Medians over rounds, per workload and target, and each target's ratio to the baseline. Medians,
 * not means: on a shared machine one disturbed round must not move the result.
 */
public final class Comparison {
  /** The figures compared: name in the table, path in summary.json. */
  static final Map<String, String> METRICS = new LinkedHashMap<>();

  static {
    METRICS.put("ops/s", "opsPerSecond");
    METRICS.put("hit %", "hitRatio");
    METRICS.put("p50 us", "latencyMicros.total.p50");
    METRICS.put("p99 us", "latencyMicros.total.p99");
    METRICS.put("p99.9 us", "latencyMicros.total.p99.9");
    METRICS.put("max us", "latencyMicros.total.max");
    METRICS.put("gen cpu %", "generatorCpuPercent");
    METRICS.put("srv cpu %", "serverCpuPercent");
  }

  /** Median of each metric for one workload and target. */
  public record Row(String workload, String target, int rounds, int invalid, Map<String, Double> medians) {}

  private final String baseline;
  private final List<Row> rows = new ArrayList<>();

  public Comparison(List<RunResults.Run> runs, String baseline) {
    this.baseline = baseline;
    Map<String, Map<String, List<RunResults.Run>>> grouped = new TreeMap<>();
    for (RunResults.Run run : runs) {
      grouped.computeIfAbsent(run.workload(), w -> new LinkedHashMap<>())
          .computeIfAbsent(run.target(), t -> new ArrayList<>())
          .add(run);
    }
    grouped.forEach((workload, byTarget) -> byTarget.forEach((target, list) -> {
      Map<String, Double> medians = new LinkedHashMap<>();
      METRICS.forEach((name, path) -> medians.put(name, median(list.stream().filter(RunResults.Run::valid).mapToDouble(r -> r.number(path)).toArray())));
      int invalid = (int) list.stream().filter(r -> !r.valid()).count();
      rows.add(new Row(workload, target, list.size(), invalid, medians));
    }));
  }

  public List<Row> rows() {
    return rows;
  }

  /** target / baseline for a metric in a workload; NaN when either is missing. */
  public double ratio(String workload, String target, String metric) {
    Double a = find(workload, target, metric);
    Double b = find(workload, baseline, metric);
    return a == null || b == null || b == 0 ? Double.NaN : a / b;
  }

  private Double find(String workload, String target, String metric) {
    for (Row row : rows) {
      if (row.workload().equals(workload) && row.target().equals(target)) {
        return row.medians().get(metric);
      }
    }
    return null;
  }

  static double median(double[] values) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** A Markdown table per workload: medians, then ratios to the baseline. */
  public void print(PrintStream out) {
    String workload = null;
    for (Row row : rows) {
      if (!row.workload().equals(workload)) {
        workload = row.workload();
        out.printf("%n### %s (medians over rounds; ratios are target / %s)%n%n", workload, baseline);
        out.print("| target | rounds |");
        METRICS.keySet().forEach(m -> out.print(" " + m + " |"));
        out.println(" ops/s ratio | p99 ratio |");
        out.print("|---|---|");
        METRICS.keySet().forEach(m -> out.print("---|"));
        out.println("---|---|");
      }
      out.printf("| %s | %d%s |", row.target(), row.rounds(), row.invalid() > 0 ? " (" + row.invalid() + " invalid)" : "");
      row.medians().forEach((name, value) -> out.print(" " + format(name, value) + " |"));
      out.printf(" %s | %s |%n",
          formatRatio(ratio(row.workload(), row.target(), "ops/s")),
          formatRatio(ratio(row.workload(), row.target(), "p99 us")));
    }
  }

  private static String format(String metric, double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (metric.equals("hit %")) {
      return String.format("%.2f", 100 * value);
    }
    if (metric.equals("ops/s")) {
      return String.format("%,.0f", value);
    }
    return String.format(value >= 100 ? "%.0f" : "%.1f", value);
  }

  private static String formatRatio(double ratio) {
    return Double.isNaN(ratio) ? "n/a" : String.format("%.2fx", ratio);
  }
}
