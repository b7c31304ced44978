package io.ringcache.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Medians over rounds, per workload and target, and each target's ratio to the baseline. Medians,
 * not means: on a shared machine one disturbed round must not move the result.
 *
 * <p>Then the same ratios round by round: each target against the baseline of its own round (run
 * next to it in time, under the same disturbance), and the median of those per-round ratios. That
 * median resolves far smaller differences than the ratio of two medians, whose rounds may have met
 * different loads; server CPU time per operation resolves smaller ones still.
 */
public final class Comparison {
  /** The figures compared: name in the table, how a run gives it (mostly a path in summary.json). */
  static final Map<String, ToDoubleFunction<RunResults.Run>> METRICS = new LinkedHashMap<>();
  static final String SERVER_MICROS_PER_OP = "srv us/op";

  static {
    field("ops/s", "opsPerSecond");
    field("hit %", "hitRatio");
    field("p50 us", "latencyMicros.total.p50");
    field("p99 us", "latencyMicros.total.p99");
    field("p99.9 us", "latencyMicros.total.p99.9");
    field("max us", "latencyMicros.total.max");
    field("gen cpu %", "generatorCpuPercent");
    field("srv cpu %", "serverCpuPercent");
    METRICS.put(SERVER_MICROS_PER_OP, RunResults.Run::serverMicrosPerOp);
  }

  private static void field(String name, String path) {
    METRICS.put(name, run -> run.number(path));
  }

  /** One target against the baseline of the same round. */
  public record RoundRatio(String round, double ops, double serverMicrosPerOp) {}

  /** Median of each metric for one workload and target. */
  public record Row(String workload, String target, int rounds, int invalid, Map<String, Double> medians) {}

  private final String baseline;
  private final List<Row> rows = new ArrayList<>();
  /** workload -> target -> its ratios to the baseline, round by round. */
  private final Map<String, Map<String, List<RoundRatio>>> perRound = new TreeMap<>();

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
      METRICS.forEach((name, metric) -> medians.put(name, median(list.stream().filter(RunResults.Run::valid).mapToDouble(metric).toArray())));
      int invalid = (int) list.stream().filter(r -> !r.valid()).count();
      rows.add(new Row(workload, target, list.size(), invalid, medians));
    }));
    grouped.forEach((workload, byTarget) -> {
      Map<String, RunResults.Run> base = new LinkedHashMap<>();
      byTarget.getOrDefault(baseline, List.of()).stream().filter(RunResults.Run::valid).forEach(r -> base.put(r.round(), r));
      byTarget.forEach((target, list) -> {
        if (target.equals(baseline)) {
          return;
        }
        List<RoundRatio> ratios = new ArrayList<>();
        list.stream().filter(RunResults.Run::valid).sorted(Comparator.comparing(r -> roundNumber(r.round()))).forEach(r -> {
          RunResults.Run b = base.get(r.round());
          if (b != null) {
            ratios.add(new RoundRatio(r.round(), r.number("opsPerSecond") / b.number("opsPerSecond"),
                r.serverMicrosPerOp() / b.serverMicrosPerOp()));
          }
        });
        if (!ratios.isEmpty()) {
          perRound.computeIfAbsent(workload, w -> new LinkedHashMap<>()).put(target, ratios);
        }
      });
    });
  }

  /** The per-round ratios of a target to the baseline in a workload, in round order; empty if none. */
  public List<RoundRatio> roundRatios(String workload, String target) {
    return perRound.getOrDefault(workload, Map.of()).getOrDefault(target, List.of());
  }

  private static int roundNumber(String round) {
    String digits = round.replaceAll("\\D", "");
    return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
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
    perRound.forEach((w, byTarget) -> {
      out.printf("%n### %s round by round (each target / %s of the same round; median of those ratios)%n%n", w, baseline);
      out.println("| target | ops/s ratio per round | median | srv us/op ratio per round | median |");
      out.println("|---|---|---|---|---|");
      byTarget.forEach((target, ratios) -> out.printf("| %s | %s | %s | %s | %s |%n", target,
          joined(ratios, RoundRatio::ops), fine(median(ratios.stream().mapToDouble(RoundRatio::ops).toArray())),
          joined(ratios, RoundRatio::serverMicrosPerOp),
          fine(median(ratios.stream().mapToDouble(RoundRatio::serverMicrosPerOp).toArray()))));
    });
  }

  /** Per-round ratios resolve a few percent: three decimals. */
  private static String fine(double ratio) {
    return Double.isNaN(ratio) ? "n/a" : String.format("%.3fx", ratio);
  }

  private static String joined(List<RoundRatio> ratios, ToDoubleFunction<RoundRatio> metric) {
    StringBuilder b = new StringBuilder();
    for (RoundRatio r : ratios) {
      b.append(b.length() == 0 ? "" : " ").append(Double.isNaN(metric.applyAsDouble(r)) ? "n/a" : String.format("%.3f", metric.applyAsDouble(r)));
    }
    return b.toString();
  }

  private static String format(String metric, double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (metric.equals("hit %")) {
      return String.format("%.2f", 100 * value);
    }
    if (metric.equals(SERVER_MICROS_PER_OP)) {
      return String.format("%.2f", value);
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
