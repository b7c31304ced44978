package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.node.server.DeferredReply;
import io.ringcache.node.server.ReplySink;

/**
 * A reply sink that keeps the answer instead of sending it: the coordinator runs a write locally
 * into one of these, replicates, and sends the kept answer when the replicas have acknowledged.
 */
final class CapturingSink implements ReplySink {

    private final ByteBuf answer;

    CapturingSink(ByteBufAllocator allocator) {
        this.answer = allocator.buffer(64);
    }

    @Override
    public ByteBuf buffer() {
        return answer;
    }

    @Override
    public void writeValue(byte[] array, int offset, int length) {
        answer.writeBytes(array, offset, length);
    }

    @Override
    public DeferredReply defer() {
        throw new UnsupportedOperationException("a captured answer is complete at once");
    }

    @Override
    public void closeAfterReplies() {
        // quit/close reach only the client's own connection, never a captured sub-request
    }

    /** The answer; the caller owns it. */
    ByteBuf answer() {
        return answer;
    }
}
