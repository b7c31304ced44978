package io.ringcache.bench;

import picocli.CommandLine.Option;

/** How long a load runs, shared by the load commands (a picocli mixin): warm-up, then the measured phase. */
final class LoadPhaseOptions {
  @Option(names = {"-d", "--duration"}, defaultValue = "10", description = "Seconds to measure (default ${DEFAULT-VALUE}).")
  double durationSeconds;

  @Option(names = "--warmup", defaultValue = "2", description = "Seconds of unmeasured load first (default ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(names = "--prefill", description = "Set every key of the key space once before warming up.")
  boolean prefill;
}
