package io.ringcache.bench.load;

/** Formats nanosecond latencies for people: microseconds below 10 ms, milliseconds above. */
public final class Micros {
  private Micros() {}

  public static String format(long nanos) {
    if (nanos < 10_000_000L) {
      return String.format("%7.1fus", nanos / 1e3);
    }
    return String.format("%7.2fms", nanos / 1e6);
  }
}
