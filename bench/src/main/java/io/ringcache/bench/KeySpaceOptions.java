package io.ringcache.bench;

import io.ringcache.bench.load.Mix;
import io.ringcache.bench.load.ValueSize;
import picocli.CommandLine.Option;

/** What a load asks for, shared by the load commands (a picocli mixin): keys, value sizes, the set:get mix. */
final class KeySpaceOptions {
  @Option(names = {"-k", "--keys"}, defaultValue = "100000", description = "Distinct keys (default ${DEFAULT-VALUE}).")
  long keys;

  @Option(names = {"-v", "--value-size"}, defaultValue = "100", description = "Value bytes: N or MIN-MAX (default ${DEFAULT-VALUE}).")
  String valueSize;

  @Option(names = {"-r", "--ratio"}, defaultValue = "1:10", description = "set:get ratio (default ${DEFAULT-VALUE}).")
  String ratio;

  ValueSize valueSize() {
    return ValueSize.parse(valueSize);
  }

  Mix mix() {
    return Mix.parse(ratio);
  }
}
