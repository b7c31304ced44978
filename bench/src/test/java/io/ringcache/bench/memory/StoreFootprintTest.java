package io.ringcache.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The store's weigher charges each item what it really costs on the heap, so that {@code -m}
 * bounds the memory items take: JOL's walk of a filled store against the store's own count.
 */
class StoreFootprintTest {

  @ParameterizedTest(name = "{0} items of {1} bytes")
  @CsvSource({"10000, 100", "5000, 1024", "10000, 10"})
  void theWeigherChargesWithinFivePercentOfTheMeasuredHeap(int items, int valueBytes) {
    StoreFootprint f = StoreFootprint.measure(items, valueBytes);
    assertThat(f.chargedPerItem()).as(f.table()).isCloseTo(f.bytesPerItem(), org.assertj.core.data.Percentage.withPercentage(5));
  }
}
