package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.ringcache.node.server.DeferredReply;
import io.ringcache.node.server.ReplySink;
import java.util.concurrent.CompletableFuture;

/**
 * A reply sink for one request whose text answer is wanted as bytes, whether the executor writes it
 * at once or defers it (a forwarded request, a write waiting for its replicas). Unlike
 * {@link CapturingSink} it accepts one deferral; what was written before it comes first.
 */
final class TextAnswer implements ReplySink {

    private final ByteBuf head;
    private final CompletableFuture<ByteBuf> done = new CompletableFuture<>();
    private boolean deferred;

    TextAnswer(ByteBufAllocator allocator) {
        this.head = allocator.buffer(64);
    }

    @Override
    public ByteBuf buffer() {
        if (deferred) {
            throw new IllegalStateException("one request's answer is written before or as its deferred part, not after");
        }
        return head;
    }

    @Override
    public void writeValue(byte[] array, int offset, int length) {
        buffer().writeBytes(array, offset, length);
    }

    @Override
    public DeferredReply defer() {
        if (deferred) {
            throw new IllegalStateException("one request defers its answer once");
        }
        deferred = true;
        return rest -> {
            CompositeByteBuf whole = head.alloc().compositeBuffer(2);
            whole.addComponent(true, head);
            whole.addComponent(true, rest);
            done.complete(whole);
        };
    }

    @Override
    public void closeAfterReplies() {
        // a request run for its answer never closes the client's connection
    }

    /** The whole answer (the caller owns it); call once the executor has returned. */
    CompletableFuture<ByteBuf> answer() {
        if (!deferred) {
            done.complete(head);
        }
        return done;
    }
}
