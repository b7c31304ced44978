package io.ringcache.bench.load;

import io.netty.buffer.ByteBuf;
import java.util.SplittableRandom;

/**
 * What one request looks like: which keys, which command, how big the value. Immutable and shared
 * by every connection; each connection brings its own random generator.
 */
final class Workload {
  private final KeySpace keys;
  private final KeyChooser chooser;
  private final Mix mix;
  private final ValueSize valueSize;
  private final int multiGet;
  private final boolean setOnMiss;
  private final RequestEncoder writer;

  Workload(KeySpace keys, KeyChooser chooser, Mix mix, ValueSize valueSize, int multiGet, boolean setOnMiss) {
    this(keys, chooser, mix, valueSize, multiGet, setOnMiss, Protocol.TEXT);
  }

  Workload(KeySpace keys, KeyChooser chooser, Mix mix, ValueSize valueSize, int multiGet, boolean setOnMiss,
      Protocol protocol) {
    if (multiGet < 1) {
      throw new IllegalArgumentException("multi-get size must be >= 1, got " + multiGet);
    }
    if (setOnMiss && multiGet != 1) {
      throw new IllegalArgumentException("--set-on-miss needs single-key gets (--multiget 1)");
    }
    this.keys = keys;
    this.chooser = chooser;
    this.mix = mix;
    this.valueSize = valueSize;
    this.multiGet = multiGet;
    this.setOnMiss = setOnMiss;
    this.writer = RequestEncoder.of(protocol, keys, valueSize.max());
  }

  KeySpace keys() {
    return keys;
  }

  int multiGet() {
    return multiGet;
  }

  boolean setOnMiss() {
    return setOnMiss;
  }

  boolean nextIsSet(SplittableRandom random) {
    return mix.nextIsSet(random);
  }

  long nextKey(SplittableRandom random) {
    return chooser.next(random);
  }

  /** Writes a get for {@code count} keys drawn into {@code scratch}; returns the first key. */
  long writeGet(ByteBuf out, SplittableRandom random, long[] scratch) {
    for (int i = 0; i < multiGet; i++) {
      scratch[i] = chooser.next(random);
    }
    writer.writeGet(out, scratch, multiGet);
    return scratch[0];
  }

  void writeSet(ByteBuf out, SplittableRandom random, long key) {
    writer.writeSet(out, key, valueSize.next(random));
  }

  int maxRequestSize() {
    return Math.max(writer.getSize(multiGet), writer.setSize(valueSize.max()));
  }
}
