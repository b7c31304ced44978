package io.ringcache.bench;

import io.ringcache.bench.report.PercentilePlot;
import io.ringcache.bench.report.RunResults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description = "Latency percentile plot (self-contained HTML) of the runs under one or more directories, one chart per workload, one curve per target.")
final class PlotCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", arity = "1..*", description = "Run or results directories.")
  List<Path> dirs;

  @Option(names = {"-o", "--out"}, defaultValue = "plot.html", description = "HTML file to write (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--title", defaultValue = "latency by percentile")
  String title;

  @Override
  public Integer call() throws Exception {
    List<RunResults.Run> runs = new ArrayList<>();
    for (Path dir : dirs) {
      runs.addAll(RunResults.load(dir));
    }
    if (runs.isEmpty()) {
      System.err.println("no summary.json under " + dirs);
      return 1;
    }
    PercentilePlot.write(out, title, SummarizeCommand.charts(runs));
    System.out.println("written: " + out.toAbsolutePath());
    return 0;
  }
}
