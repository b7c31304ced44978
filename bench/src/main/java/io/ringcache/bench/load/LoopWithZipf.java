package io.ringcache.bench.load;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scan mixed into a popular set: each request, with probability {@code loopShare}, takes the next
 * key of an endless loop over the last {@code loopKeys} keys of the key space, and otherwise draws
 * a key of the first {@code keyCount - loopKeys} by Zipf. When the loop holds more keys than the
 * cache, a loop key is never found again before it is evicted: a policy that lets one-time keys
 * push out the popular ones (plain LRU) loses hits on the Zipf part as well, a scan-resistant one
 * (W-TinyLFU's admission filter, memcached's segmented LRU) keeps them. The loop is shared by all
 * connections, as one batch job reading through a table would be.
 *
 * <p>Thread-safe: the Zipf draw uses the caller's generator, the loop position is one atomic counter.
 */
public final class LoopWithZipf implements KeyChooser {
  private final long keyCount;
  private final long loopKeys;
  private final double loopShare;
  private final ZipfSampler popular;
  private final AtomicLong position = new AtomicLong();

  public LoopWithZipf(long keyCount, long loopKeys, double loopShare, double zipfExponent) {
    if (loopKeys < 1 || loopKeys >= keyCount) {
      throw new IllegalArgumentException("the loop needs 1 to keyCount - 1 keys, got " + loopKeys + " of " + keyCount);
    }
    if (!(loopShare > 0 && loopShare < 1)) {
      throw new IllegalArgumentException("the loop's share of requests must be in (0, 1), got " + loopShare);
    }
    this.keyCount = keyCount;
    this.loopKeys = loopKeys;
    this.loopShare = loopShare;
    this.popular = new ZipfSampler(keyCount - loopKeys, zipfExponent);
  }

  @Override
  public long keyCount() {
    return keyCount;
  }

  @Override
  public long next(SplittableRandom random) {
    if (random.nextDouble() < loopShare) {
      return keyCount - loopKeys + Math.floorMod(position.getAndIncrement(), loopKeys);
    }
    return popular.next(random);
  }

  @Override
  public String toString() {
    return "loop over " + loopKeys + " keys (" + Math.round(loopShare * 100) + " % of requests) with "
        + popular;
  }
}
