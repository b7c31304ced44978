package io.ringcache.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads memcached text responses as a state machine over the inbound buffer and reports each one
 * to the {@link Listener}, without building messages or Strings: lines are recognised by their
 * bytes, the data block of a {@code VALUE} is skipped as it arrives (so large values never
 * accumulate).
 *
 * <pre>
 * get reply   = *( "VALUE " key " " flags " " bytes [" " cas] CRLF data CRLF ) "END" CRLF
 * store reply = "STORED" | "NOT_STORED" | "EXISTS" | "NOT_FOUND"  CRLF
 * error       = "ERROR" | "CLIENT_ERROR " text | "SERVER_ERROR " text  CRLF
 * </pre>
 */
final class ResponseParser extends ByteToMessageDecoder {
  /** memcached's own lines are short; anything longer means we lost the framing. */
  static final int MAX_LINE = 2048;

  private static final byte[] VALUE = ascii("VALUE ");
  private static final byte[] END = ascii("END");
  private static final byte[] STORED = ascii("STORED");
  private static final byte[] NOT_STORED = ascii("NOT_STORED");
  private static final byte[] EXISTS = ascii("EXISTS");
  private static final byte[] NOT_FOUND = ascii("NOT_FOUND");
  private static final byte[] ERROR = ascii("ERROR");
  private static final byte[] CLIENT_ERROR = ascii("CLIENT_ERROR");
  private static final byte[] SERVER_ERROR = ascii("SERVER_ERROR");

  /** Called on the channel's event loop, in stream order. */
  interface Listener {
    /** One {@code VALUE} line of the get reply in progress (a hit). */
    void onValue();

    /** {@code END}: the get reply is complete. */
    void onEnd();

    /** A storage reply; {@code stored} is false for NOT_STORED, EXISTS and NOT_FOUND. */
    void onStoreReply(boolean stored);

    /** ERROR, CLIENT_ERROR or SERVER_ERROR: ends the reply of the request in flight. */
    void onErrorReply(ErrorKind kind);

    /** Bytes that no memcached reply starts with; the stream cannot be trusted any more. */
    void onProtocolError(String why);
  }

  enum ErrorKind { ERROR, CLIENT_ERROR, SERVER_ERROR }

  private final Listener listener;
  /** Bytes of the current VALUE's data block still to skip. */
  private long dataRemaining;
  /** The data block was skipped; its closing CRLF is due next. */
  private boolean dataEndDue;
  private boolean broken;

  ResponseParser(Listener listener) {
    this.listener = listener;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!broken) {
      if (dataRemaining > 0) {
        int skip = (int) Math.min(in.readableBytes(), dataRemaining);
        in.skipBytes(skip);
        dataRemaining -= skip;
        if (dataRemaining > 0) {
          return;
        }
      }
      if (dataEndDue) {
        if (in.readableBytes() < 2) {
          return;
        }
        if (in.readByte() != '\r' || in.readByte() != '\n') {
          fail(in, "a data block not followed by CRLF");
          return;
        }
        dataEndDue = false;
      }
      int start = in.readerIndex();
      int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
      if (lf < 0) {
        if (in.readableBytes() > MAX_LINE) {
          fail(in, "reply line longer than " + MAX_LINE + " bytes");
        }
        return;
      }
      int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
      in.readerIndex(lf + 1);
      if (!dispatch(in, start, end)) {
        fail(in, "unexpected reply line '" + in.toString(start, Math.min(end - start, 80), StandardCharsets.US_ASCII) + "'");
      }
    }
  }

  private boolean dispatch(ByteBuf in, int start, int end) {
    int length = end - start;
    if (length == 0) {
      return false;
    }
    switch (in.getByte(start)) {
      case 'V':
        if (startsWith(in, start, end, VALUE)) {
          long bytes = lastNumber(in, start + VALUE.length, end);
          if (bytes < 0) {
            return false;
          }
          dataRemaining = bytes;
          dataEndDue = true;
          listener.onValue();
          return true;
        }
        return false;
      case 'E':
        if (equals(in, start, end, END)) {
          listener.onEnd();
        } else if (equals(in, start, end, ERROR) || startsWith(in, start, end, ERROR)) {
          listener.onErrorReply(ErrorKind.ERROR);
        } else if (equals(in, start, end, EXISTS)) {
          listener.onStoreReply(false);
        } else {
          return false;
        }
        return true;
      case 'S':
        if (equals(in, start, end, STORED)) {
          listener.onStoreReply(true);
        } else if (startsWith(in, start, end, SERVER_ERROR)) {
          listener.onErrorReply(ErrorKind.SERVER_ERROR);
        } else {
          return false;
        }
        return true;
      case 'N':
        if (equals(in, start, end, NOT_STORED) || equals(in, start, end, NOT_FOUND)) {
          listener.onStoreReply(false);
          return true;
        }
        return false;
      case 'C':
        if (startsWith(in, start, end, CLIENT_ERROR)) {
          listener.onErrorReply(ErrorKind.CLIENT_ERROR);
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  private void fail(ByteBuf in, String why) {
    broken = true;
    in.skipBytes(in.readableBytes());
    listener.onProtocolError(why);
  }

  /**
   * The {@code bytes} field of {@code key flags bytes [cas]}: the third token after "VALUE ", or
   * -1 when the line does not have that shape.
   */
  private static long lastNumber(ByteBuf in, int from, int end) {
    int token = 0;
    long value = -1;
    boolean inToken = false;
    for (int i = from; i < end; i++) {
      byte b = in.getByte(i);
      if (b == ' ') {
        inToken = false;
        continue;
      }
      if (!inToken) {
        inToken = true;
        token++;
        if (token == 3) {
          value = 0;
        }
      }
      if (token == 3) {
        if (b < '0' || b > '9' || value > Integer.MAX_VALUE) {
          return -1;
        }
        value = value * 10 + (b - '0');
      }
    }
    return token >= 3 ? value : -1;
  }

  private static boolean equals(ByteBuf in, int start, int end, byte[] expected) {
    return end - start == expected.length && startsWith(in, start, end, expected);
  }

  private static boolean startsWith(ByteBuf in, int start, int end, byte[] prefix) {
    if (end - start < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (in.getByte(start + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
