package io.ringcache.node.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a request byte stream is cut into socket writes. A server must answer the same whatever the
 * cut, so every scenario runs whole, byte by byte and in seeded odd-sized chunks; the seed is part of
 * the name so that a failing cut can be replayed exactly.
 */
public record Feed(String name, int minChunk, int maxChunk, long seed) {

    public static Feed whole() {
        return new Feed("whole", Integer.MAX_VALUE, Integer.MAX_VALUE, 0);
    }

    public static Feed byteByByte() {
        return new Feed("byte-by-byte", 1, 1, 0);
    }

    /** Chunks of 1 to 13 bytes, sizes drawn from a generator seeded with {@code seed}. */
    public static Feed oddChunks(long seed) {
        return new Feed("odd-chunks(seed=" + seed + ")", 1, 13, seed);
    }

    public static List<Feed> all(long seed) {
        return List.of(whole(), byteByByte(), oddChunks(seed));
    }

    public List<byte[]> cut(byte[] stream) {
        List<byte[]> chunks = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        int at = 0;
        while (at < stream.length) {
            int size = minChunk == maxChunk ? minChunk : random.nextInt(minChunk, maxChunk + 1);
            int end = (int) Math.min(stream.length, (long) at + size);
            byte[] chunk = new byte[end - at];
            System.arraycopy(stream, at, chunk, 0, chunk.length);
            chunks.add(chunk);
            at = end;
        }
        return chunks;
    }

    @Override
    public String toString() {
        return name;
    }
}
