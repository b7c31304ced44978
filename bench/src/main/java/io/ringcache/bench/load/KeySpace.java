package io.ringcache.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Every key of the run, rendered once up front into one flat array of fixed-width ASCII keys
 * ({@code prefix} + zero-padded index), so that writing a key on the hot path is one bounded copy
 * and no String is ever made per request.
 */
public final class KeySpace {
  /** Beyond this the flat array would pass 1 GiB; nobody needs more distinct keys on one box. */
  public static final long MAX_KEYS = 50_000_000L;

  private final int count;
  private final int width;
  private final byte[] keys;

  public KeySpace(long count, String prefix) {
    if (count < 1 || count > MAX_KEYS) {
      throw new IllegalArgumentException("key count must be in [1, " + MAX_KEYS + "], got " + count);
    }
    byte[] prefixBytes = prefix.getBytes(StandardCharsets.US_ASCII);
    int digits = Long.toString(count - 1).length();
    this.count = (int) count;
    this.width = prefixBytes.length + digits;
    if (width > 250) {
      throw new IllegalArgumentException("keys would be " + width + " bytes; memcached allows 250");
    }
    this.keys = new byte[Math.multiplyExact(this.count, width)];
    for (int i = 0; i < this.count; i++) {
      int base = i * width;
      System.arraycopy(prefixBytes, 0, keys, base, prefixBytes.length);
      int value = i;
      for (int d = width - 1; d >= prefixBytes.length; d--) {
        keys[base + d] = (byte) ('0' + value % 10);
        value /= 10;
      }
    }
  }

  public int count() {
    return count;
  }

  public int width() {
    return width;
  }

  public void writeKey(ByteBuf out, long index) {
    out.writeBytes(keys, (int) index * width, width);
  }

  public String key(long index) {
    return new String(keys, (int) index * width, width, StandardCharsets.US_ASCII);
  }
}
