package io.ringcache.client;

import io.netty.buffer.ByteBuf;

/**
 * Finds where one response ends in the inbound buffer, without copying and without Strings.
 *
 * <p>A state machine resumed on every read: it remembers how many bytes of the current response are
 * already accepted ({@code accepted}), where to resume the search for the next LF, and how many bytes of
 * a value block are still missing. The reader index does not move until a whole response is framed, so
 * offsets are relative to it. Limits bound the memory a hostile or broken server can make us hold.
 */
final class ResponseFramer {
  private final int maxLineBytes;
  private final int maxValueBytes;

  /** Bytes of the current response already framed, relative to the reader index. */
  private int accepted;
  /** Relative offset where the LF search resumes (avoids rescanning a long partial line). */
  private int scanFrom;
  /** Length of a data block (+CRLF) that follows the line ending at {@code accepted}; -1 if none. */
  private int pendingBlock = -1;

  ResponseFramer(int maxLineBytes, int maxValueBytes) {
    this.maxLineBytes = maxLineBytes;
    this.maxValueBytes = maxValueBytes;
  }

  /**
   * Returns the length of the complete response at {@code in.readerIndex()}, or -1 when more bytes are
   * needed. After a non-negative return the caller consumes that many bytes and the framer is ready for
   * the next response.
   */
  int frame(ByteBuf in, ResponseShape shape) {
    int base = in.readerIndex();
    int readable = in.readableBytes();
    while (true) {
      if (pendingBlock >= 0) {
        if (readable - accepted < pendingBlock) {
          return -1;
        }
        int blockEnd = base + accepted + pendingBlock;
        if (in.getByte(blockEnd - 2) != '\r' || in.getByte(blockEnd - 1) != '\n') {
          throw new CorruptResponseException("data block not terminated by CRLF");
        }
        accepted += pendingBlock;
        scanFrom = accepted;
        pendingBlock = -1;
        if (shape == ResponseShape.META) {
          return finish();
        }
      }
      int lineStart = base + accepted;
      int lf = in.indexOf(base + scanFrom, base + readable, (byte) '\n');
      if (lf < 0) {
        scanFrom = readable;
        if (readable - accepted > maxLineBytes) {
          throw new CorruptResponseException("response line longer than " + maxLineBytes + " bytes");
        }
        return -1;
      }
      int lineLength = lf - lineStart + 1;
      if (lineLength > maxLineBytes) {
        throw new CorruptResponseException("response line longer than " + maxLineBytes + " bytes");
      }
      if (lineLength < 2 || in.getByte(lf - 1) != '\r') {
        throw new CorruptResponseException("response line not terminated by CRLF");
      }
      accepted = lf - base + 1;
      scanFrom = accepted;
      if (onLine(in, lineStart, lineLength - 2, shape)) {
        return finish();
      }
    }
  }

  void reset() {
    accepted = 0;
    scanFrom = 0;
    pendingBlock = -1;
  }

  private int finish() {
    int length = accepted;
    reset();
    return length;
  }

  /** Classifies one line (without CRLF). Returns true when the response is complete after it. */
  private boolean onLine(ByteBuf in, int start, int length, ResponseShape shape) {
    switch (shape) {
      case LINE:
        return true;
      case STATS:
        return Ascii.equalsAt(in, start, length, Ascii.END) || isErrorLine(in, start, length);
      case VALUES:
        if (Ascii.startsWith(in, start, length, Ascii.VALUE_SP)) {
          pendingBlock = blockLength(in, start, length, 3);
          return false;
        }
        if (Ascii.equalsAt(in, start, length, Ascii.END) || isErrorLine(in, start, length)) {
          return true;
        }
        throw new CorruptResponseException("expected VALUE or END in a retrieval answer");
      case META:
        if (Ascii.startsWith(in, start, length, Ascii.VA_SP)) {
          pendingBlock = blockLength(in, start, length, 1);
          return false;
        }
        if (isMetaStatus(in, start, length) || isErrorLine(in, start, length)) {
          return true;
        }
        throw new CorruptResponseException("not a meta answer");
      case TOPOLOGY:
        if (Ascii.startsWith(in, start, length, Ascii.RING_SP)) {
          pendingBlock = blockLength(in, start, length, 3);
          return false;
        }
        if (Ascii.startsWith(in, start, length, Ascii.MEMBER_SP)) {
          return false;
        }
        if (Ascii.equalsAt(in, start, length, Ascii.END) || isErrorLine(in, start, length)) {
          return true;
        }
        throw new CorruptResponseException("expected RING, MEMBER or END in a topology answer");
      default:
        throw new IllegalStateException("no response expected for shape " + shape);
    }
  }

  /** Reads token number {@code index} (0-based) of the line as the data length; returns length+2. */
  private int blockLength(ByteBuf in, int start, int length, int index) {
    int end = start + length;
    int p = start;
    for (int token = 0; token < index; token++) {
      while (p < end && in.getByte(p) != ' ') {
        p++;
      }
      while (p < end && in.getByte(p) == ' ') {
        p++;
      }
    }
    long value = 0;
    int digits = 0;
    while (p < end) {
      byte b = in.getByte(p);
      if (b == ' ') {
        break;
      }
      if (b < '0' || b > '9' || ++digits > 10) {
        throw new CorruptResponseException("bad data length in value line");
      }
      value = value * 10 + (b - '0');
      p++;
    }
    if (digits == 0) {
      throw new CorruptResponseException("missing data length in value line");
    }
    if (value > maxValueBytes) {
      throw new CorruptResponseException("value of " + value + " bytes exceeds the client limit of "
          + maxValueBytes);
    }
    return (int) value + 2;
  }

  private static boolean isMetaStatus(ByteBuf in, int start, int length) {
    if (length < 2 || (length > 2 && in.getByte(start + 2) != ' ')) {
      return false;
    }
    int code = (in.getByte(start) << 8) | in.getByte(start + 1);
    switch (code) {
      case ('H' << 8) | 'D':
      case ('N' << 8) | 'F':
      case ('N' << 8) | 'S':
      case ('E' << 8) | 'X':
      case ('E' << 8) | 'N':
      case ('M' << 8) | 'N':
      case ('M' << 8) | 'E':
        return true;
      default:
        return false;
    }
  }

  static boolean isErrorLine(ByteBuf in, int start, int length) {
    return Ascii.equalsAt(in, start, length, Ascii.ERROR)
        || Ascii.startsWith(in, start, length, Ascii.ERROR_SP)
        || Ascii.startsWith(in, start, length, Ascii.CLIENT_ERROR)
        || Ascii.startsWith(in, start, length, Ascii.SERVER_ERROR);
  }
}
