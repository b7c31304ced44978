package io.ringcache.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "summarize", mixinStandardHelpOptions = true, description = "Medians and ratios over comparison rounds.")
final class SummarizeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 1;
  }
}
