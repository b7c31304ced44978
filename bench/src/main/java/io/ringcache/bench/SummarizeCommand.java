package io.ringcache.bench;

import io.ringcache.bench.report.Comparison;
import io.ringcache.bench.report.PercentilePlot;
import io.ringcache.bench.report.RunResults;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "summarize",
    mixinStandardHelpOptions = true,
    description = {
      "Reads every run (directory with summary.json) under DIR, prints medians per workload and",
      "target with ratios to the baseline, and writes DIR/comparison.md and DIR/comparison.html",
      "(latency percentiles of all rounds merged, per workload)."
    })
final class SummarizeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Results directory of a comparison.")
  Path dir;

  @Option(names = "--baseline", defaultValue = "memcached", description = "Target the others are divided by (default ${DEFAULT-VALUE}).")
  String baseline;

  @Option(names = "--title", defaultValue = "ringcache vs memcached", description = "Title of the page.")
  String title;

  @Override
  public Integer call() throws Exception {
    List<RunResults.Run> runs = RunResults.load(dir);
    if (runs.isEmpty()) {
      System.err.println("no summary.json under " + dir);
      return 1;
    }
    Comparison comparison = new Comparison(runs, baseline);
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    comparison.print(new PrintStream(table, true, StandardCharsets.UTF_8));
    String text = table.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    Files.writeString(dir.resolve("comparison.md"), "# " + title + "\n" + text, StandardCharsets.UTF_8);
    PercentilePlot.write(dir.resolve("comparison.html"), title, charts(runs));
    System.out.println("\nwritten: " + dir.resolve("comparison.md") + ", " + dir.resolve("comparison.html"));
    return 0;
  }

  /** One chart per workload, one curve per target, every round of that target merged. */
  static List<PercentilePlot.Chart> charts(List<RunResults.Run> runs) {
    Map<String, Map<String, Histogram>> merged = new LinkedHashMap<>();
    for (RunResults.Run run : runs) {
      if (!Files.exists(run.dir().resolve("latency.hlog"))) {
        continue;
      }
      Histogram h = merged.computeIfAbsent(run.workload(), w -> new LinkedHashMap<>())
          .computeIfAbsent(run.target(), t -> {
            Histogram fresh = new Histogram(3);
            fresh.setAutoResize(true);
            return fresh;
          });
      h.add(run.totalLatency());
    }
    List<PercentilePlot.Chart> charts = new ArrayList<>();
    merged.forEach((workload, byTarget) -> {
      List<PercentilePlot.Series> series = new ArrayList<>();
      byTarget.forEach((target, h) -> series.add(new PercentilePlot.Series(target, h)));
      charts.add(new PercentilePlot.Chart(workload, series));
    });
    return charts;
  }
}
