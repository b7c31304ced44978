package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * {@code <op> <key> <flags> <exptime> <bytes> [<cas unique>] [noreply]\r\n<data>\r\n}, answered by one
 * line: STORED, NOT_STORED, EXISTS or NOT_FOUND.
 */
record StorageCommand(StorageOp op, byte[] key, int flags, int exptime, byte[] data, long cas,
    boolean noreply) implements Command<StoreResult> {

  enum StorageOp {
    SET, ADD, REPLACE, APPEND, PREPEND, CAS;

    final byte[] word = Ascii.bytes(name().toLowerCase(java.util.Locale.ROOT) + " ");
  }

  @Override
  public ResponseShape shape() {
    return noreply ? ResponseShape.NONE : ResponseShape.LINE;
  }

  @Override
  public ByteBuf encode(ByteBufAllocator allocator) {
    ByteBuf out = allocator.ioBuffer(op.word.length + key.length + data.length + 64);
    out.writeBytes(op.word).writeBytes(key).writeByte(' ');
    Ascii.writeDecimal(out, Integer.toUnsignedLong(flags));
    out.writeByte(' ');
    Ascii.writeSigned(out, exptime);
    out.writeByte(' ');
    Ascii.writeDecimal(out, data.length);
    if (op == StorageOp.CAS) {
      out.writeByte(' ');
      Ascii.writeUnsigned(out, cas);
    }
    if (noreply) {
      out.writeBytes(Ascii.NOREPLY);
    }
    return out.writeBytes(Ascii.CRLF).writeBytes(data).writeBytes(Ascii.CRLF);
  }

  @Override
  public StoreResult decode(ByteBuf frame) {
    if (AnswerLines.is(frame, Ascii.STORED)) {
      return StoreResult.STORED;
    }
    if (AnswerLines.is(frame, Ascii.NOT_STORED)) {
      return StoreResult.NOT_STORED;
    }
    if (AnswerLines.is(frame, Ascii.EXISTS)) {
      return StoreResult.EXISTS;
    }
    if (AnswerLines.is(frame, Ascii.NOT_FOUND)) {
      return StoreResult.NOT_FOUND;
    }
    AnswerLines.throwIfError(frame);
    throw AnswerLines.unexpected(frame, op.name());
  }

  @Override
  public byte[] routingKey() {
    return key;
  }

  /** A plain set stores the same item however often it is sent; the conditional ones do not. */
  @Override
  public boolean idempotent() {
    return op == StorageOp.SET;
  }
}
