package io.ringcache.bench.load;

import java.util.SplittableRandom;

/** Picks the index of the next key to request. Implementations are immutable and thread-safe. */
public interface KeyChooser {
  long keyCount();

  /** An index in [0, keyCount()), drawn with the caller's (thread-confined) generator. */
  long next(SplittableRandom random);

  static KeyChooser uniform(long keyCount) {
    if (keyCount < 1) {
      throw new IllegalArgumentException("key space must hold at least one key, got " + keyCount);
    }
    return new KeyChooser() {
      @Override
      public long keyCount() {
        return keyCount;
      }

      @Override
      public long next(SplittableRandom random) {
        return random.nextLong(keyCount);
      }

      @Override
      public String toString() {
        return "uniform over " + keyCount + " keys";
      }
    };
  }
}
