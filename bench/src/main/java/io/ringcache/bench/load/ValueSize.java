package io.ringcache.bench.load;

import java.util.SplittableRandom;

/** Value sizes in bytes: fixed ({@code 100}) or uniform over an inclusive range ({@code 100-1000}). */
public record ValueSize(int min, int max) {
  /** memcached's default item size limit is 1 MiB, item header included. */
  public static final int MAX_BYTES = 1024 * 1024 - 512;

  public ValueSize {
    if (min < 0 || max < min || max > MAX_BYTES) {
      throw new IllegalArgumentException(
          "value size must satisfy 0 <= min <= max <= " + MAX_BYTES + ", got " + min + "-" + max);
    }
  }

  public static ValueSize parse(String text) {
    String t = text.trim();
    int dash = t.indexOf('-');
    try {
      if (dash < 0) {
        int size = Integer.parseInt(t);
        return new ValueSize(size, size);
      }
      return new ValueSize(
          Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("value size must be N or MIN-MAX bytes, got '" + text + "'");
    }
  }

  public int next(SplittableRandom random) {
    return min == max ? min : min + random.nextInt(max - min + 1);
  }

  @Override
  public String toString() {
    return min == max ? Integer.toString(min) : min + "-" + max;
  }
}
