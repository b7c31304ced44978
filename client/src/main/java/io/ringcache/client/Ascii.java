package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Byte constants of the text protocol and allocation-free helpers to write and match them. */
final class Ascii {
  static final byte[] CRLF = bytes("\r\n");
  static final byte[] END = bytes("END");
  static final byte[] VALUE_SP = bytes("VALUE ");
  static final byte[] VA_SP = bytes("VA ");
  static final byte[] RING_SP = bytes("RING ");
  static final byte[] MEMBER_SP = bytes("MEMBER ");
  static final byte[] ERROR = bytes("ERROR");
  static final byte[] ERROR_SP = bytes("ERROR ");
  static final byte[] CLIENT_ERROR = bytes("CLIENT_ERROR");
  static final byte[] SERVER_ERROR = bytes("SERVER_ERROR");
  static final byte[] STORED = bytes("STORED");
  static final byte[] NOT_STORED = bytes("NOT_STORED");
  static final byte[] EXISTS = bytes("EXISTS");
  static final byte[] NOT_FOUND = bytes("NOT_FOUND");
  static final byte[] DELETED = bytes("DELETED");
  static final byte[] TOUCHED = bytes("TOUCHED");
  static final byte[] OK = bytes("OK");
  static final byte[] VERSION_SP = bytes("VERSION ");
  static final byte[] STAT_SP = bytes("STAT ");
  static final byte[] NOREPLY = bytes(" noreply");

  /** 2^64-1 divided by 10: the largest value that can take one more digit (if it is at most 5). */
  private static final long MAX_DIV_10 = Long.divideUnsigned(-1L, 10);

  private Ascii() {}

  static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  static boolean equalsAt(ByteBuf in, int start, int length, byte[] expected) {
    return length == expected.length && startsWith(in, start, length, expected);
  }

  static boolean startsWith(ByteBuf in, int start, int length, byte[] prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (in.getByte(start + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Writes a non-negative decimal without creating a String. */
  static void writeDecimal(ByteBuf out, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    if (value < 10) {
      out.writeByte((int) ('0' + value));
      return;
    }
    int digits = 0;
    for (long v = value; v > 0; v /= 10) {
      digits++;
    }
    int at = out.writerIndex() + digits;
    out.ensureWritable(digits);
    for (long v = value; v > 0; v /= 10) {
      out.setByte(--at, (int) ('0' + v % 10));
    }
    out.writerIndex(out.writerIndex() + digits);
  }

  /** Writes a signed decimal (exptime may be negative: immediately expired). */
  static void writeSigned(ByteBuf out, long value) {
    if (value < 0) {
      out.writeByte('-');
      writeDecimal(out, -value);
    } else {
      writeDecimal(out, value);
    }
  }

  /** Writes an unsigned 64-bit decimal (incr deltas and CAS uniques use the full range). */
  static void writeUnsigned(ByteBuf out, long value) {
    if (value >= 0) {
      writeDecimal(out, value);
    } else {
      out.writeCharSequence(Long.toUnsignedString(value), StandardCharsets.US_ASCII);
    }
  }

  /** Parses an unsigned 64-bit decimal in {@code [start, end)}; trailing spaces are allowed. */
  static long parseUnsigned(ByteBuf in, int start, int end) {
    long value = 0;
    int digits = 0;
    for (int i = start; i < end; i++) {
      byte b = in.getByte(i);
      if (b == ' ') {
        break;
      }
      if (b < '0' || b > '9') {
        throw new CorruptResponseException("not a number in the answer");
      }
      int digit = b - '0';
      if (Long.compareUnsigned(value, MAX_DIV_10) > 0 || (value == MAX_DIV_10 && digit > 5)) {
        throw new CorruptResponseException("number out of the 64-bit range in the answer");
      }
      long next = value * 10 + digit;
      value = next;
      digits++;
    }
    if (digits == 0) {
      throw new CorruptResponseException("missing number in the answer");
    }
    return value;
  }

  static String string(ByteBuf in, int start, int end) {
    return in.toString(start, end - start, StandardCharsets.UTF_8);
  }
}
