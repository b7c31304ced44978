package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.ringcache.node.store.ItemKey;

/**
 * A key as peer requests carry it: base64 (RFC 4648, with padding, no line breaks: exactly what
 * {@code java.util.Base64.getEncoder()} gives), written straight into the request's buffer instead
 * of through an encoded copy of the key per replica write.
 */
final class Base64Key {

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Base64Key() {
    }

    static int encodedLength(int keyLength) {
        return (keyLength + 2) / 3 * 4;
    }

    static void encode(ItemKey key, ByteBuf out) {
        encode(key.bytes(), key.length(), out);
    }

    /** Appends the base64 of {@code src[0, length)} to {@code out}. */
    static void encode(byte[] src, int length, ByteBuf out) {
        int at = out.writerIndex();
        int n = encodedLength(length);
        out.ensureWritable(n);
        int i = 0;
        int whole = length - length % 3;
        while (i < whole) {
            int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            out.setByte(at++, ALPHABET[bits >>> 18]);
            out.setByte(at++, ALPHABET[(bits >>> 12) & 0x3F]);
            out.setByte(at++, ALPHABET[(bits >>> 6) & 0x3F]);
            out.setByte(at++, ALPHABET[bits & 0x3F]);
            i += 3;
        }
        int rest = length - whole;
        if (rest > 0) {
            int bits = (src[i] & 0xFF) << 16 | (rest == 2 ? (src[i + 1] & 0xFF) << 8 : 0);
            out.setByte(at++, ALPHABET[bits >>> 18]);
            out.setByte(at++, ALPHABET[(bits >>> 12) & 0x3F]);
            out.setByte(at++, rest == 2 ? ALPHABET[(bits >>> 6) & 0x3F] : '=');
            out.setByte(at++, '=');
        }
        out.writerIndex(at);
    }
}
