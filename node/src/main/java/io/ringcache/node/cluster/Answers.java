package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;

/** Reading a peer's answer without copying it: does it start with a given word? */
final class Answers {

    private Answers() {
    }

    static boolean startsWith(ByteBuf answer, String prefix) {
        if (answer.readableBytes() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (answer.getByte(answer.readerIndex() + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
