package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code get|gets <key>*} and {@code gat|gats <exptime> <key>*}, answered by
 * {@code VALUE <key> <flags> <bytes> [<cas>]\r\n<data>\r\n} per hit, then {@code END}.
 */
record RetrievalCommand(boolean withCas, boolean touch, int exptime, List<byte[]> keys)
    implements Command<List<RetrievedItem>> {
  private static final byte[] GET = Ascii.bytes("get");
  private static final byte[] GETS = Ascii.bytes("gets");
  private static final byte[] GAT = Ascii.bytes("gat ");
  private static final byte[] GATS = Ascii.bytes("gats ");

  static RetrievalCommand get(List<byte[]> keys, boolean withCas) {
    return new RetrievalCommand(withCas, false, 0, keys);
  }

  static RetrievalCommand getAndTouch(List<byte[]> keys, int exptime, boolean withCas) {
    return new RetrievalCommand(withCas, true, exptime, keys);
  }

  @Override
  public ResponseShape shape() {
    return ResponseShape.VALUES;
  }

  @Override
  public ByteBuf encode(ByteBufAllocator allocator) {
    int size = 24;
    for (byte[] key : keys) {
      size += key.length + 1;
    }
    ByteBuf out = allocator.ioBuffer(size);
    if (touch) {
      out.writeBytes(withCas ? GATS : GAT);
      Ascii.writeSigned(out, exptime);
    } else {
      out.writeBytes(withCas ? GETS : GET);
    }
    for (byte[] key : keys) {
      out.writeByte(' ').writeBytes(key);
    }
    return out.writeBytes(Ascii.CRLF);
  }

  @Override
  public List<RetrievedItem> decode(ByteBuf frame) {
    List<RetrievedItem> items = new ArrayList<>(Math.min(keys.size(), 16));
    int p = frame.readerIndex();
    int end = frame.writerIndex();
    while (p < end) {
      int lf = frame.indexOf(p, end, (byte) '\n');
      int lineEnd = lf - 1;
      int length = lineEnd - p;
      if (Ascii.equalsAt(frame, p, length, Ascii.END)) {
        return items;
      }
      AnswerLines.throwIfError(frame, p, length);
      // VALUE <key> <flags> <bytes> [<cas>]
      int keyStart = p + Ascii.VALUE_SP.length;
      int keyEnd = frame.indexOf(keyStart, lineEnd, (byte) ' ');
      int flagsEnd = frame.indexOf(keyEnd + 1, lineEnd, (byte) ' ');
      if (keyEnd < 0 || flagsEnd < 0) {
        throw new CorruptResponseException("malformed VALUE line");
      }
      int bytesEnd = frame.indexOf(flagsEnd + 1, lineEnd, (byte) ' ');
      long flags = Ascii.parseUnsigned(frame, keyEnd + 1, flagsEnd);
      int length2 = (int) Ascii.parseUnsigned(frame, flagsEnd + 1, bytesEnd < 0 ? lineEnd : bytesEnd);
      long cas = bytesEnd < 0 ? 0 : Ascii.parseUnsigned(frame, bytesEnd + 1, lineEnd);
      byte[] data = new byte[length2];
      frame.getBytes(lf + 1, data);
      items.add(new RetrievedItem(Ascii.string(frame, keyStart, keyEnd), (int) flags, data, cas));
      p = lf + 1 + length2 + 2;
    }
    throw new CorruptResponseException("retrieval answer without END");
  }

  @Override
  public byte[] routingKey() {
    return keys.get(0);
  }

  @Override
  public boolean idempotent() {
    return true;
  }
}
