package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads the {@code VALUE <key> <flags> <bytes> [<cas>]} blocks of a retrieval answer, so that the
 * parts of a multi-get answered by several owners can be merged back in the client's key order.
 */
final class ValueBlocks {

    private ValueBlocks() {
    }

    /** Adds each block of {@code answer} (through its data's CRLF) to {@code byKey} as a slice; stops at END. */
    static void collect(ByteBuf answer, Map<String, ByteBuf> byKey) {
        int at = answer.readerIndex();
        int end = answer.writerIndex();
        while (at < end) {
            int eol = answer.indexOf(at, end, (byte) '\n');
            if (eol < 0 || !startsWith(answer, at, "VALUE ")) {
                return; // END, or an error line: nothing more to take
            }
            String header = answer.toString(at, eol - 1 - at, StandardCharsets.ISO_8859_1);
            String[] parts = header.split(" ");
            int length = Integer.parseInt(parts[3]);
            int blockEnd = eol + 1 + length + 2;
            byKey.putIfAbsent(parts[1], answer.slice(at, blockEnd - at));
            at = blockEnd;
        }
    }

    private static boolean startsWith(ByteBuf b, int at, String prefix) {
        if (b.writerIndex() - at < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b.getByte(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
