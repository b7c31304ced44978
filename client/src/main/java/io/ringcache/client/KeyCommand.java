package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The one-key commands answered by one line: {@code delete <key>}, {@code touch <key> <exptime>},
 * {@code incr|decr <key> <delta>}, each with optional {@code noreply}.
 */
final class KeyCommand {
  private KeyCommand() {}

  /** {@code delete <key> [noreply]}: DELETED (true) or NOT_FOUND (false). */
  record Delete(byte[] key, boolean noreply) implements Command<Boolean> {
    private static final byte[] WORD = Ascii.bytes("delete ");

    @Override
    public ResponseShape shape() {
      return noreply ? ResponseShape.NONE : ResponseShape.LINE;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator allocator) {
      ByteBuf out = allocator.ioBuffer(WORD.length + key.length + 12).writeBytes(WORD).writeBytes(key);
      return (noreply ? out.writeBytes(Ascii.NOREPLY) : out).writeBytes(Ascii.CRLF);
    }

    @Override
    public Boolean decode(ByteBuf frame) {
      return found(frame, Ascii.DELETED, "delete");
    }

    @Override
    public byte[] routingKey() {
      return key;
    }

    /** The same state however often it is sent (a repeat answers as if the key were missing). */
    @Override
    public boolean idempotent() {
      return true;
    }
  }

  /** {@code touch <key> <exptime> [noreply]}: TOUCHED (true) or NOT_FOUND (false). */
  record Touch(byte[] key, int exptime, boolean noreply) implements Command<Boolean> {
    private static final byte[] WORD = Ascii.bytes("touch ");

    @Override
    public ResponseShape shape() {
      return noreply ? ResponseShape.NONE : ResponseShape.LINE;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator allocator) {
      ByteBuf out = allocator.ioBuffer(WORD.length + key.length + 24).writeBytes(WORD).writeBytes(key)
          .writeByte(' ');
      Ascii.writeSigned(out, exptime);
      return (noreply ? out.writeBytes(Ascii.NOREPLY) : out).writeBytes(Ascii.CRLF);
    }

    @Override
    public Boolean decode(ByteBuf frame) {
      return found(frame, Ascii.TOUCHED, "touch");
    }

    @Override
    public byte[] routingKey() {
      return key;
    }

    /** The same expiry however often it is sent. */
    @Override
    public boolean idempotent() {
      return true;
    }
  }

  /**
   * {@code incr|decr <key> <delta> [noreply]}: the new value (unsigned 64-bit; memcached may pad it
   * with spaces) or NOT_FOUND (empty).
   */
  record Arithmetic(boolean increment, byte[] key, long delta, boolean noreply)
      implements Command<java.util.OptionalLong> {
    private static final byte[] INCR = Ascii.bytes("incr ");
    private static final byte[] DECR = Ascii.bytes("decr ");

    @Override
    public ResponseShape shape() {
      return noreply ? ResponseShape.NONE : ResponseShape.LINE;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator allocator) {
      ByteBuf out = allocator.ioBuffer(key.length + 40).writeBytes(increment ? INCR : DECR)
          .writeBytes(key).writeByte(' ');
      Ascii.writeUnsigned(out, delta);
      return (noreply ? out.writeBytes(Ascii.NOREPLY) : out).writeBytes(Ascii.CRLF);
    }

    @Override
    public java.util.OptionalLong decode(ByteBuf frame) {
      if (AnswerLines.is(frame, Ascii.NOT_FOUND)) {
        return java.util.OptionalLong.empty();
      }
      AnswerLines.throwIfError(frame);
      int start = frame.readerIndex();
      return java.util.OptionalLong.of(
          Ascii.parseUnsigned(frame, start, start + AnswerLines.lineLength(frame)));
    }

    @Override
    public byte[] routingKey() {
      return key;
    }
  }

  private static boolean found(ByteBuf frame, byte[] success, String command) {
    if (AnswerLines.is(frame, success)) {
      return true;
    }
    if (AnswerLines.is(frame, Ascii.NOT_FOUND)) {
      return false;
    }
    AnswerLines.throwIfError(frame);
    throw AnswerLines.unexpected(frame, command);
  }
}
