package io.ringcache.node.binary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One packet of memcached's binary protocol, as a test builds a request or reads an answer: the
 * 24-byte header's fields, then extras, key and value.
 */
public record BinaryPacket(int magic, int opcode, int status, int opaque, long cas, byte[] extras, byte[] key,
        byte[] value) {

    public static final int HEADER = 24;

    /** A request packet's bytes. */
    public static byte[] request(int opcode, byte[] extras, byte[] key, byte[] value, long cas, int opaque) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + extras.length + key.length + value.length);
        b.put((byte) 0x80).put((byte) opcode).putShort((short) key.length).put((byte) extras.length).put((byte) 0)
                .putShort((short) 0).putInt(extras.length + key.length + value.length).putInt(opaque).putLong(cas);
        b.put(extras).put(key).put(value);
        return b.array();
    }

    /** Parses a whole packet (header and body). */
    public static BinaryPacket parse(byte[] header, byte[] body) {
        ByteBuffer h = ByteBuffer.wrap(header);
        int magic = h.get(0) & 0xff;
        int opcode = h.get(1) & 0xff;
        int keyLength = h.getShort(2) & 0xffff;
        int extrasLength = h.get(4) & 0xff;
        int status = h.getShort(6) & 0xffff;
        int opaque = h.getInt(12);
        long cas = h.getLong(16);
        byte[] extras = slice(body, 0, extrasLength);
        byte[] key = slice(body, extrasLength, keyLength);
        byte[] value = slice(body, extrasLength + keyLength, body.length - extrasLength - keyLength);
        return new BinaryPacket(magic, opcode, status, opaque, cas, extras, key, value);
    }

    public static int bodyLength(byte[] header) {
        return ByteBuffer.wrap(header).getInt(8);
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public String valueText() {
        return new String(value, StandardCharsets.ISO_8859_1);
    }

    public long counter() {
        return ByteBuffer.wrap(value).getLong();
    }

    public int flags() {
        return ByteBuffer.wrap(extras).getInt();
    }

    private static byte[] slice(byte[] b, int from, int length) {
        byte[] s = new byte[Math.max(0, length)];
        System.arraycopy(b, from, s, 0, s.length);
        return s;
    }

    /** The packet as a failure message shows it; {@code cas} is given already normalised. */
    public String show(String cas) {
        return String.format("magic=%02x op=%02x status=%04x opaque=%08x cas=%s extras=%s key=%s value=%s",
                magic, opcode, status, opaque, cas, HexFormat.of().formatHex(extras), printable(key), printable(value));
    }

    private static String printable(byte[] b) {
        if (b.length > 64) {
            return "(" + b.length + " bytes, crc " + Integer.toHexString(java.util.Arrays.hashCode(b)) + ")";
        }
        StringBuilder s = new StringBuilder("\"");
        for (byte x : b) {
            s.append(x >= 0x20 && x < 0x7f ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return s.append('"').toString();
    }

    /** Reads one packet from {@code client}; null when the server closed the connection first. */
    static BinaryPacket read(io.ringcache.node.conformance.RawClient client) throws IOException {
        byte[] header = client.readExactlyOrEnd(HEADER);
        return header == null ? null : parse(header, client.readExactly(bodyLength(header)));
    }
}
