package io.ringcache.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Encodes memcached text requests straight into the outbound buffer: keys come from the
 * {@link KeySpace}, values from one shared filler array, lengths as ASCII digits. No Strings and
 * no per-request objects.
 */
final class RequestWriter implements RequestEncoder {
  private static final byte[] GET = "get".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SET = "set ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FLAGS_EXPTIME = " 0 0 ".getBytes(StandardCharsets.US_ASCII);
  private static final short CRLF = ('\r' << 8) | '\n';

  private final KeySpace keys;
  private final byte[] filler;

  RequestWriter(KeySpace keys, int maxValueSize) {
    this.keys = keys;
    this.filler = new byte[maxValueSize];
    // printable, varied bytes so that no layer can shortcut an all-zero value
    for (int i = 0; i < filler.length; i++) {
      filler[i] = (byte) ('a' + (i * 7 + i / 26) % 26);
    }
  }

  /** {@code get k1 [k2 ...]\r\n} for the given key indexes. */
  @Override
  public void writeGet(ByteBuf out, long[] keyIndexes, int count) {
    out.writeBytes(GET);
    for (int i = 0; i < count; i++) {
      out.writeByte(' ');
      keys.writeKey(out, keyIndexes[i]);
    }
    out.writeShort(CRLF);
  }

  /** {@code set k 0 0 n\r\n<n bytes>\r\n}. */
  @Override
  public void writeSet(ByteBuf out, long keyIndex, int valueSize) {
    out.writeBytes(SET);
    keys.writeKey(out, keyIndex);
    out.writeBytes(FLAGS_EXPTIME);
    writeDecimal(out, valueSize);
    out.writeShort(CRLF);
    out.writeBytes(filler, 0, valueSize);
    out.writeShort(CRLF);
  }

  @Override
  public int getSize(int keyCount) {
    return GET.length + keyCount * (1 + keys.width()) + 2;
  }

  @Override
  public int setSize(int valueSize) {
    return SET.length + keys.width() + FLAGS_EXPTIME.length + 7 + 2 + valueSize + 2;
  }

  static void writeDecimal(ByteBuf out, int value) {
    if (value >= 10) {
      writeDecimal(out, value / 10);
    }
    out.writeByte('0' + value % 10);
  }
}
