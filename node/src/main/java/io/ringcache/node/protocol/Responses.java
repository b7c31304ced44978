package io.ringcache.node.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The fixed answers of the text protocol as preallocated bytes, and the writers for the variable
 * ones (VALUE lines, numbers). Numbers are written digit by digit, never through a String.
 */
public final class Responses {

    public static final byte[] STORED = line("STORED");
    public static final byte[] NOT_STORED = line("NOT_STORED");
    public static final byte[] EXISTS = line("EXISTS");
    public static final byte[] NOT_FOUND = line("NOT_FOUND");
    public static final byte[] DELETED = line("DELETED");
    public static final byte[] TOUCHED = line("TOUCHED");
    public static final byte[] OK = line("OK");
    public static final byte[] END = line("END");
    public static final byte[] RESET = line("RESET");
    public static final byte[] CRLF = {'\r', '\n'};

    private static final long TEN_TO_THE_19 = Long.parseUnsignedLong("10000000000000000000");
    private static final byte[] VALUE = ascii("VALUE ");
    private static final byte[] STAT = ascii("STAT ");

    private Responses() {
    }

    /** {@code VALUE <key> <flags> <bytes>[ <cas>]\r\n}; the caller writes the data block and CRLF. */
    public static void valueHeader(ByteBuf out, byte[] key, int flags, int length, boolean withCas, long cas) {
        out.writeBytes(VALUE);
        out.writeBytes(key);
        out.writeByte(' ');
        writeUnsigned(out, Integer.toUnsignedLong(flags));
        out.writeByte(' ');
        writeUnsigned(out, length);
        if (withCas) {
            out.writeByte(' ');
            writeUnsigned(out, cas);
        }
        out.writeBytes(CRLF);
    }

    /** {@code STAT <name> <value>\r\n} (stats is rare: Strings are fine here). */
    public static void stat(ByteBuf out, String name, String value) {
        out.writeBytes(STAT);
        out.writeCharSequence(name, StandardCharsets.US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(value, StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
    }

    /** Writes {@code value} as an unsigned 64-bit decimal. */
    public static void writeUnsigned(ByteBuf out, long value) {
        if (value >= 0 && value < 10) {
            out.writeByte('0' + (int) value);
            return;
        }
        int digits = unsignedDigits(value);
        int at = out.writerIndex();
        out.ensureWritable(digits);
        long v = value;
        for (int i = digits - 1; i >= 0; i--) {
            long q = Long.divideUnsigned(v, 10);
            out.setByte(at + i, '0' + (int) (v - q * 10));
            v = q;
        }
        out.writerIndex(at + digits);
    }

    static int unsignedDigits(long value) {
        if (value < 0) {
            // 2^63 and above, read as unsigned: 19 digits below 10^19, 20 from there on
            return Long.compareUnsigned(value, TEN_TO_THE_19) >= 0 ? 20 : 19;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }

    public static byte[] line(String text) {
        return ascii(text + "\r\n");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
