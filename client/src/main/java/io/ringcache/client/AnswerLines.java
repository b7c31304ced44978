package io.ringcache.client;

import io.netty.buffer.ByteBuf;

/** Reads single-line answers: the fixed words, and the three error lines turned into exceptions. */
final class AnswerLines {
  private AnswerLines() {}

  /** Length of the first line of {@code frame} without its CRLF. */
  static int lineLength(ByteBuf frame) {
    int lf = frame.indexOf(frame.readerIndex(), frame.writerIndex(), (byte) '\n');
    return lf - frame.readerIndex() - 1;
  }

  static boolean is(ByteBuf frame, byte[] word) {
    return Ascii.equalsAt(frame, frame.readerIndex(), lineLength(frame), word);
  }

  /** Throws the typed exception if the line at {@code start} is an error line. */
  static void throwIfError(ByteBuf frame, int start, int length) {
    if (Ascii.startsWith(frame, start, length, Ascii.SERVER_ERROR)) {
      throw new ServerErrorException(Ascii.string(frame, start, start + length));
    }
    if (Ascii.startsWith(frame, start, length, Ascii.CLIENT_ERROR)) {
      throw new ClientErrorException(Ascii.string(frame, start, start + length), false);
    }
    if (Ascii.equalsAt(frame, start, length, Ascii.ERROR)
        || Ascii.startsWith(frame, start, length, Ascii.ERROR_SP)) {
      throw new ClientErrorException(Ascii.string(frame, start, start + length), true);
    }
  }

  static void throwIfError(ByteBuf frame) {
    throwIfError(frame, frame.readerIndex(), lineLength(frame));
  }

  static CorruptResponseException unexpected(ByteBuf frame, String command) {
    int length = Math.min(lineLength(frame), 80);
    return new CorruptResponseException("unexpected answer to " + command + ": "
        + Ascii.string(frame, frame.readerIndex(), frame.readerIndex() + Math.max(0, length)));
  }
}
