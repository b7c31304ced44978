package io.ringcache.ring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Ketama's hash: MD5, read as little-endian unsigned 32-bit words. */
final class KetamaHash {

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    });
    private static final ThreadLocal<byte[]> DIGEST = ThreadLocal.withInitial(() -> new byte[16]);

    private KetamaHash() {
    }

    /**
     * A key's position on a ketama ring: the first four MD5 bytes, little-endian, as the high half of
     * a 64-bit circle position (the ring keeps ketama's 32-bit points there too).
     */
    static long keyHash(byte[] key, int off, int len) {
        MessageDigest md5 = MD5.get();
        byte[] digest = DIGEST.get();
        md5.update(key, off, len);
        try {
            md5.digest(digest, 0, 16);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        return word(digest, 0) << 32;
    }

    /** The four points of {@code name-index}. */
    static void points(String name, int index, long[] out, int at) {
        byte[] digest = MD5.get().digest((name + "-" + index).getBytes(StandardCharsets.UTF_8));
        for (int k = 0; k < 4; k++) {
            out[at + k] = word(digest, k);
        }
    }

    private static long word(byte[] d, int k) {
        int i = k * 4;
        return (d[i] & 0xFFL) | (d[i + 1] & 0xFFL) << 8 | (d[i + 2] & 0xFFL) << 16 | (d[i + 3] & 0xFFL) << 24;
    }
}
