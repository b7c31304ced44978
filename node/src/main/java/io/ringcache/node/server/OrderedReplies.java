package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;

/**
 * A connection's answers in request order, written to the channel without a flush until the end of
 * the read batch ({@link #flush()}).
 *
 * <p>The fast path allocates nothing per request: answers go into one open buffer. When an answer is
 * deferred, the open buffer is handed to the channel, the deferred place is queued, and later answers
 * queue behind it; completing it releases the queue up to the next incomplete place. Values of
 * {@link #WRAP_THRESHOLD} bytes or more are wrapped rather than copied.
 *
 * <p>Used on the connection's event loop only; {@link DeferredReply#complete} hops onto it.
 */
final class OrderedReplies implements ReplySink {

    /** Below this a value is copied into the open buffer (Netty would copy a heap array to direct memory anyway). */
    static final int WRAP_THRESHOLD = 1024;
    private static final int BUFFER_SIZE = 1024;

    private final ChannelHandlerContext ctx;
    /** Answers waiting behind an incomplete deferred one: ByteBufs and Deferred places, in order. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    /** The buffer small answers are appended to; logically after everything queued. */
    private ByteBuf open;
    private boolean closeWhenDrained;
    private boolean closed;
    private ConnectionRole role = ConnectionRole.CLIENT;
    /** The encoder of the request being executed: text, or the binary request's own. */
    private Answers answers = TextAnswers.INSTANCE;

    OrderedReplies(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ByteBuf buffer() {
        if (open == null) {
            open = ctx.alloc().ioBuffer(BUFFER_SIZE);
        }
        return open;
    }

    @Override
    public void writeValue(byte[] array, int offset, int length) {
        if (length < WRAP_THRESHOLD) {
            buffer().writeBytes(array, offset, length);
            return;
        }
        seal();
        append(Unpooled.wrappedBuffer(array, offset, length));
    }

    @Override
    public boolean push(java.util.function.Consumer<ByteBuf> writer) {
        if (closed || !ctx.channel().isActive()) {
            return false;
        }
        ctx.executor().execute(() -> {
            if (!closed) {
                writer.accept(buffer());
                flush();
            }
        });
        return true;
    }

    @Override
    public Answers answers() {
        return answers;
    }

    /** Sets the encoder for the request about to be executed (a binary connection, per request). */
    void answers(Answers answers) {
        this.answers = answers;
    }

    @Override
    public ConnectionRole role() {
        return role;
    }

    @Override
    public void role(ConnectionRole role) {
        this.role = role;
    }

    @Override
    public DeferredReply defer() {
        seal();
        Deferred place = new Deferred();
        queue.add(place);
        return place;
    }

    @Override
    public void closeAfterReplies() {
        closeWhenDrained = true;
        if (queue.isEmpty()) {
            flush();
        }
    }

    /** End of a read batch: everything ready goes out in one flush. */
    void flush() {
        if (closed) {
            return;
        }
        seal();
        if (closeWhenDrained && queue.isEmpty()) {
            closed = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.flush();
    }

    /** Whether answers are waiting for a deferred one. */
    boolean hasPending() {
        return !queue.isEmpty();
    }

    /** The channel is gone: free what is still queued. */
    void release() {
        closed = true;
        if (open != null) {
            open.release();
            open = null;
        }
        for (Object o : queue) {
            if (o instanceof ByteBuf b) {
                b.release();
            } else if (o instanceof Deferred d && d.reply != null) {
                d.reply.release();
            }
        }
        queue.clear();
    }

    private void seal() {
        if (open == null) {
            return;
        }
        ByteBuf b = open;
        open = null;
        if (b.isReadable()) {
            append(b);
        } else {
            b.release();
        }
    }

    private void append(ByteBuf b) {
        if (closed) {
            b.release();
        } else if (queue.isEmpty()) {
            ctx.write(b, ctx.voidPromise());
        } else {
            queue.add(b);
        }
    }

    private void completed(Deferred place) {
        if (closed) {
            place.reply.release();
            return;
        }
        while (!queue.isEmpty()) {
            Object head = queue.peek();
            if (head instanceof Deferred d) {
                if (d.reply == null) {
                    break;
                }
                queue.poll();
                ctx.write(d.reply, ctx.voidPromise());
            } else {
                queue.poll();
                ctx.write(head, ctx.voidPromise());
            }
        }
        flush();
    }

    private final class Deferred implements DeferredReply {
        private ByteBuf reply;
        private boolean done;

        @Override
        public void complete(ByteBuf bytes) {
            if (ctx.executor().inEventLoop()) {
                fill(bytes);
            } else {
                ctx.executor().execute(() -> fill(bytes));
            }
        }

        private void fill(ByteBuf bytes) {
            if (done) {
                bytes.release();
                throw new IllegalStateException("a deferred reply was completed twice");
            }
            done = true;
            reply = bytes;
            completed(this);
        }
    }
}
