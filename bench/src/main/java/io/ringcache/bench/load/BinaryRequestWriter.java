package io.ringcache.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * Encodes memcached binary-protocol requests straight into the outbound buffer, as clients in
 * binary mode send them: a single-key get is GET; a multi-key get is one GETKQ per key (hits only
 * answer) closed by a NOOP; a set is SET with flags 0 and no expiry. No per-request objects.
 */
final class BinaryRequestWriter implements RequestEncoder {
  static final int HEADER = 24;
  static final int GET = 0x00;
  static final int SET = 0x01;
  static final int NOOP = 0x0a;
  static final int GETKQ = 0x0d;
  private static final int SET_EXTRAS = 8;

  private final KeySpace keys;
  private final byte[] filler;

  BinaryRequestWriter(KeySpace keys, int maxValueSize) {
    this.keys = keys;
    this.filler = new byte[maxValueSize];
    for (int i = 0; i < filler.length; i++) {
      filler[i] = (byte) ('a' + (i * 7 + i / 26) % 26);
    }
  }

  @Override
  public void writeGet(ByteBuf out, long[] keyIndexes, int count) {
    if (count == 1) {
      header(out, GET, keys.width(), 0, keys.width());
      keys.writeKey(out, keyIndexes[0]);
      return;
    }
    for (int i = 0; i < count; i++) {
      header(out, GETKQ, keys.width(), 0, keys.width());
      keys.writeKey(out, keyIndexes[i]);
    }
    header(out, NOOP, 0, 0, 0);
  }

  @Override
  public void writeSet(ByteBuf out, long keyIndex, int valueSize) {
    header(out, SET, keys.width(), SET_EXTRAS, SET_EXTRAS + keys.width() + valueSize);
    out.writeLong(0); // flags 0, exptime 0
    keys.writeKey(out, keyIndex);
    out.writeBytes(filler, 0, valueSize);
  }

  @Override
  public int getSize(int keyCount) {
    return keyCount * (HEADER + keys.width()) + HEADER;
  }

  @Override
  public int setSize(int valueSize) {
    return HEADER + SET_EXTRAS + keys.width() + valueSize;
  }

  private static void header(ByteBuf out, int opcode, int keyLength, int extrasLength, int bodyLength) {
    out.writeByte(0x80);
    out.writeByte(opcode);
    out.writeShort(keyLength);
    out.writeByte(extrasLength);
    out.writeByte(0); // data type
    out.writeShort(0); // vbucket
    out.writeInt(bodyLength);
    out.writeInt(0); // opaque: answers come in request order
    out.writeLong(0); // cas
  }
}
