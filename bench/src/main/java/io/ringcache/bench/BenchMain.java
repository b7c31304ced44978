package io.ringcache.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ringcache-bench}: one subcommand per instrument. */
@Command(
    name = "ringcache-bench",
    mixinStandardHelpOptions = true,
    description = "Measures memcached-speaking servers side by side.",
    subcommands = {LoadCommand.class, ClientLoadCommand.class, SummarizeCommand.class, PlotCommand.class, io.ringcache.bench.ring.RingSimCommand.class, FootprintCommand.class})
public final class BenchMain {
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }
}
