package io.ringcache.bench;

import io.ringcache.bench.memory.StoreFootprint;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The heap an item costs in the node's store, part by part (JOL), and what the store charges for it.
 *
 * <pre>bench/bin/ringcache-bench footprint --items 1000000 --value 100</pre>
 */
@Command(name = "footprint", mixinStandardHelpOptions = true,
    description = "Heap per item of a filled store, per class of object (JOL), against the weight the store charges.")
public final class FootprintCommand implements Callable<Integer> {

  @Option(names = {"-n", "--items"}, defaultValue = "1000000", description = "Items (default ${DEFAULT-VALUE}).")
  int items;

  @Option(names = {"-v", "--value"}, defaultValue = "100", description = "Value bytes (default ${DEFAULT-VALUE}).")
  int valueBytes;

  @Override
  public Integer call() {
    StoreFootprint f = StoreFootprint.measure(items, valueBytes);
    System.out.printf("%d items, keys of 14 bytes (key:%%010d), values of %d bytes%n", items, valueBytes);
    System.out.print(f.table());
    return 0;
  }
}
