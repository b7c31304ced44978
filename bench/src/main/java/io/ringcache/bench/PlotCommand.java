package io.ringcache.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "plot", mixinStandardHelpOptions = true, description = "Latency percentile plot of several runs.")
final class PlotCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 1;
  }
}
