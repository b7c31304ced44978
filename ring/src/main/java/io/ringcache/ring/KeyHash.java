package io.ringcache.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 64-bit hash of the balanced ring, for keys, member ids and fingerprints: XXH3-64 with seed 0
 * and the default secret (Yann Collet's xxHash 0.8 family). XXH3 replaced XXH64 here because its
 * short-input paths are a few multiplies deep instead of a chain of rounds: a 16-byte key hashes in
 * about a third of the time, and that was most of a ring lookup. The tests check it against an
 * independent implementation over every length class. Written here rather than taken from a
 * library to keep the ring module free of dependencies. Placements depend on it: changing it moves
 * every key.
 */
public final class KeyHash {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long PRIME32_1 = 0x9E3779B1L;
    private static final long PRIME32_2 = 0x85EBCA77L;
    private static final long PRIME32_3 = 0xC2B2AE3DL;
    private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME64_3 = 0x165667B19E3779F9L;
    private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME64_5 = 0x27D4EB2F165667C5L;
    private static final long PRIME_MX1 = 0x165667919E3779F9L;
    private static final long PRIME_MX2 = 0x9FB21C651E98DF25L;

    /** XXH3's default secret (kSecret), a constant of the algorithm. */
    private static final byte[] SECRET = bytes(
            0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
            0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
            0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
            0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
            0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
            0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
            0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
            0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
            0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
            0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
            0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
            0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e);

    private static final int SECRET_SIZE_MIN = 136;
    private static final int MIDSIZE_START_OFFSET = 3;
    private static final int MIDSIZE_LAST_OFFSET = 17;
    private static final int STRIPE = 64;
    private static final int STRIPES_PER_BLOCK = (SECRET.length - STRIPE) / 8;
    private static final int BLOCK = STRIPE * STRIPES_PER_BLOCK;
    private static final int LAST_STRIPE_SECRET = SECRET.length - STRIPE - 7;
    private static final int MERGE_SECRET = 11;

    // the secret words the short paths use, folded once
    private static final long FLIP_0 = secret64(56) ^ secret64(64);
    private static final long FLIP_1TO3 = secret32(0) ^ secret32(4);
    private static final long FLIP_4TO8 = secret64(8) ^ secret64(16);
    private static final long FLIP_9TO16_LO = secret64(24) ^ secret64(32);
    private static final long FLIP_9TO16_HI = secret64(40) ^ secret64(48);

    private KeyHash() {
    }

    public static long hash(byte[] b) {
        return hash(b, 0, b.length);
    }

    public static long hash(byte[] b, int off, int len) {
        if (len <= 16) {
            return upTo16(b, off, len);
        }
        if (len <= 128) {
            return upTo128(b, off, len);
        }
        if (len <= 240) {
            return upTo240(b, off, len);
        }
        return longInput(b, off, len);
    }

    private static long upTo16(byte[] b, int off, int len) {
        if (len > 8) {
            long lo = getLong(b, off) ^ FLIP_9TO16_LO;
            long hi = getLong(b, off + len - 8) ^ FLIP_9TO16_HI;
            return avalanche(len + Long.reverseBytes(lo) + hi + multiplyFold(lo, hi));
        }
        if (len >= 4) {
            long first = getInt(b, off) & 0xFFFF_FFFFL;
            long last = getInt(b, off + len - 4) & 0xFFFF_FFFFL;
            return rrmxmx((last + (first << 32)) ^ FLIP_4TO8, len);
        }
        if (len > 0) {
            long combined = ((b[off] & 0xFFL) << 16) | ((b[off + (len >> 1)] & 0xFFL) << 24)
                    | (b[off + len - 1] & 0xFFL) | ((long) len << 8);
            return xxh64Avalanche(combined ^ FLIP_1TO3);
        }
        return xxh64Avalanche(FLIP_0);
    }

    private static long upTo128(byte[] b, int off, int len) {
        long acc = len * PRIME64_1;
        int end = off + len;
        if (len > 32) {
            if (len > 64) {
                if (len > 96) {
                    acc += mix16(b, off + 48, 96);
                    acc += mix16(b, end - 64, 112);
                }
                acc += mix16(b, off + 32, 64);
                acc += mix16(b, end - 48, 80);
            }
            acc += mix16(b, off + 16, 32);
            acc += mix16(b, end - 32, 48);
        }
        acc += mix16(b, off, 0);
        acc += mix16(b, end - 16, 16);
        return avalanche(acc);
    }

    private static long upTo240(byte[] b, int off, int len) {
        long acc = len * PRIME64_1;
        for (int i = 0; i < 8; i++) {
            acc += mix16(b, off + 16 * i, 16 * i);
        }
        acc = avalanche(acc);
        int rounds = len / 16;
        for (int i = 8; i < rounds; i++) {
            acc += mix16(b, off + 16 * i, 16 * (i - 8) + MIDSIZE_START_OFFSET);
        }
        acc += mix16(b, off + len - 16, SECRET_SIZE_MIN - MIDSIZE_LAST_OFFSET);
        return avalanche(acc);
    }

    private static long longInput(byte[] b, int off, int len) {
        long[] acc = {PRIME32_3, PRIME64_1, PRIME64_2, PRIME64_3, PRIME64_4, PRIME32_2, PRIME64_5, PRIME32_1};
        int blocks = (len - 1) / BLOCK;
        for (int n = 0; n < blocks; n++) {
            int block = off + n * BLOCK;
            for (int s = 0; s < STRIPES_PER_BLOCK; s++) {
                accumulateStripe(acc, b, block + s * STRIPE, s * 8);
            }
            scramble(acc);
        }
        int tail = off + blocks * BLOCK;
        int stripes = ((len - 1) - blocks * BLOCK) / STRIPE;
        for (int s = 0; s < stripes; s++) {
            accumulateStripe(acc, b, tail + s * STRIPE, s * 8);
        }
        accumulateStripe(acc, b, off + len - STRIPE, LAST_STRIPE_SECRET);
        long result = len * PRIME64_1;
        for (int i = 0; i < 4; i++) {
            int s = MERGE_SECRET + 16 * i;
            result += multiplyFold(acc[2 * i] ^ secret64(s), acc[2 * i + 1] ^ secret64(s + 8));
        }
        return avalanche(result);
    }

    private static void accumulateStripe(long[] acc, byte[] b, int p, int secretOffset) {
        for (int i = 0; i < 8; i++) {
            long data = getLong(b, p + 8 * i);
            long keyed = data ^ secret64(secretOffset + 8 * i);
            acc[i ^ 1] += data;
            acc[i] += (keyed & 0xFFFF_FFFFL) * (keyed >>> 32);
        }
    }

    private static void scramble(long[] acc) {
        for (int i = 0; i < 8; i++) {
            long a = acc[i];
            a ^= a >>> 47;
            a ^= secret64(SECRET.length - STRIPE + 8 * i);
            acc[i] = a * PRIME32_1;
        }
    }

    private static long mix16(byte[] b, int p, int secretOffset) {
        return multiplyFold(getLong(b, p) ^ secret64(secretOffset), getLong(b, p + 8) ^ secret64(secretOffset + 8));
    }

    /** The 128-bit unsigned product of a and b, its halves xored. */
    private static long multiplyFold(long a, long b) {
        // Math.multiplyHigh is signed; Java 17 has no unsigned one, so correct for the sign bits
        long high = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        return (a * b) ^ high;
    }

    private static long avalanche(long h) {
        h ^= h >>> 37;
        h *= PRIME_MX1;
        return h ^ (h >>> 32);
    }

    private static long rrmxmx(long h, int len) {
        h ^= Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24);
        h *= PRIME_MX2;
        h ^= (h >>> 35) + len;
        h *= PRIME_MX2;
        return h ^ (h >>> 28);
    }

    private static long xxh64Avalanche(long h) {
        h ^= h >>> 33;
        h *= PRIME64_2;
        h ^= h >>> 29;
        h *= PRIME64_3;
        return h ^ (h >>> 32);
    }

    private static long secret64(int offset) {
        return getLong(SECRET, offset);
    }

    private static long secret32(int offset) {
        return getInt(SECRET, offset) & 0xFFFF_FFFFL;
    }

    private static long getLong(byte[] b, int i) {
        return (long) LONG_LE.get(b, i);
    }

    private static int getInt(byte[] b, int i) {
        return (int) INT_LE.get(b, i);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
