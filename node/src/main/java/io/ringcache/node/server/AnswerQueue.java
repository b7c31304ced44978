package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;

/**
 * The answers of one connection that cannot go to the socket yet, in order: sealed buffers, the rest
 * of a value still to stream ({@link ValueChunks}: a reference to the item, copied a chunk at a time)
 * and places of answers that complete later ({@link Later}). The channel is fed only while it is
 * writable (under its high watermark), which is what bounds a connection's direct memory to that
 * watermark plus one chunk whatever it asked for. Counts the bytes it holds, for the output budget.
 *
 * <p>Used on the connection's event loop only.
 */
final class AnswerQueue {

    /** A place in the order that fills later and is written once it is at the head. */
    interface Later {
        /** Writes what it has while the channel takes it; true once it is complete and all written. */
        boolean writeTo(ChannelHandlerContext ctx);

        /** Bytes it holds, not yet written. */
        long bytes();

        void release();
    }

    private final ChannelHandlerContext ctx;
    /** ByteBuf, ValueChunks and Later, in answer order. */
    private final ArrayDeque<Object> pieces = new ArrayDeque<>();
    /** Bytes held by {@link #pieces}. */
    private long bytes;

    AnswerQueue(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    boolean isEmpty() {
        return pieces.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    /** The answer written next (null when nothing waits). */
    Object head() {
        return pieces.peek();
    }

    /** Writes {@code piece} at once if nothing waits before it and the channel takes it all; queues the rest. */
    void add(Object piece) {
        if (pieces.isEmpty() && writeOut(piece)) {
            return;
        }
        pieces.add(piece);
        bytes += bytesOf(piece);
    }

    /** A queued {@link Later} took {@code n} more bytes. */
    void grew(long n) {
        bytes += n;
    }

    /**
     * Writes queued answers in order while the channel takes them, at most about {@code maxBytes};
     * returns the bytes handed to the channel.
     */
    long pump(long maxBytes) {
        long moved = 0;
        while (!pieces.isEmpty() && moved < maxBytes) {
            Object head = pieces.peek();
            long before = bytesOf(head);
            boolean done = writeOut(head);
            long left = done ? 0 : bytesOf(head);
            bytes -= before - left;
            moved += before - left;
            if (!done) {
                break;
            }
            pieces.poll();
        }
        return moved;
    }

    /** Frees what is still queued; the connection is gone. */
    void release() {
        for (Object piece : pieces) {
            if (piece instanceof ByteBuf b) {
                b.release();
            } else if (piece instanceof Later later) {
                later.release();
            }
        }
        pieces.clear();
        bytes = 0;
    }

    /** Writes {@code piece} to the channel as far as it can; true once it is all written. */
    private boolean writeOut(Object piece) {
        if (piece instanceof ByteBuf b) {
            if (!ctx.channel().isWritable()) {
                return false;
            }
            ctx.write(b, ctx.voidPromise());
            return true;
        }
        if (piece instanceof ValueChunks v) {
            while (v.hasMore() && ctx.channel().isWritable()) {
                ctx.write(v.next(ctx.alloc()), ctx.voidPromise());
            }
            return !v.hasMore();
        }
        return ((Later) piece).writeTo(ctx);
    }

    private static long bytesOf(Object piece) {
        if (piece instanceof ByteBuf b) {
            return b.readableBytes();
        }
        if (piece instanceof ValueChunks v) {
            return v.remaining();
        }
        return ((Later) piece).bytes();
    }
}
