package io.ringcache.bench.load;

import io.netty.buffer.ByteBuf;

/** Writes the load's two requests, get and set, into the outbound buffer, in one protocol. */
interface RequestEncoder {

  /** A get of {@code count} keys (their indexes in {@code keyIndexes}). */
  void writeGet(ByteBuf out, long[] keyIndexes, int count);

  /** A set of {@code valueSize} bytes, flags 0, no expiry. */
  void writeSet(ByteBuf out, long keyIndex, int valueSize);

  /** Upper bound of a get's bytes. */
  int getSize(int keyCount);

  /** Upper bound of a set's bytes. */
  int setSize(int valueSize);

  static RequestEncoder of(Protocol protocol, KeySpace keys, int maxValueSize) {
    return protocol == Protocol.BINARY ? new BinaryRequestWriter(keys, maxValueSize) : new RequestWriter(keys, maxValueSize);
  }
}
