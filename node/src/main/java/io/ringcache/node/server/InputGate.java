package io.ringcache.node.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.util.function.BooleanSupplier;

/**
 * Decides when a connection's requests are read and decoded. It is closed for as long as any reason
 * holds: the connection used up its turn ({@link #YIELDED}), its answers are not being taken
 * ({@link #OUTPUT_FULL}), a long answer is still streaming ({@link #ANSWER_STREAMING}), or it waits
 * for too many answers from other nodes ({@link #PENDING_REPLIES}).
 *
 * <p>While closed, three things hold input back: the decoder asks {@link #getAsBoolean()} before each
 * command and stops (what is already buffered stays in its buffer, never decoded ahead), auto-read is
 * off (the socket is not read, so the client's further requests wait in the kernel and TCP pushes
 * back), and this handler, placed before the decoder, drops the {@code read()} requests the decoder
 * makes when it produced nothing. When the last reason goes, a task on the connection's event loop
 * decodes what was buffered and turns auto-read back on; as a task, it runs after the I/O of the
 * other connections of that loop, which is what makes a yield fair.
 *
 * <p>Used on the connection's event loop only.
 */
final class InputGate extends ChannelOutboundHandlerAdapter implements BooleanSupplier {

    /** The connection ran {@code -R} commands in a row; the others of its event loop go first. */
    static final int YIELDED = 1;
    /** More answer bytes are queued than the connection's output budget allows. */
    static final int OUTPUT_FULL = 1 << 1;
    /** A command's answer continues when the queued bytes drop (a multi-get streaming its values). */
    static final int ANSWER_STREAMING = 1 << 2;
    /** The connection waits for as many forwarded answers as it may. */
    static final int PENDING_REPLIES = 1 << 3;

    private ChannelHandlerContext ctx;
    /** The reasons that hold now, as bits. */
    private int closedFor;
    private boolean resumeScheduled;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Whether the decoder may take the next command. */
    @Override
    public boolean getAsBoolean() {
        return closedFor == 0;
    }

    boolean isOpen() {
        return closedFor == 0;
    }

    boolean isClosedFor(int reason) {
        return (closedFor & reason) != 0;
    }

    void close(int reason) {
        if (closedFor == 0) {
            ctx.channel().config().setAutoRead(false);
        }
        closedFor |= reason;
    }

    void open(int reason) {
        if ((closedFor & reason) == 0) {
            return;
        }
        closedFor &= ~reason;
        if (closedFor == 0 && !resumeScheduled) {
            resumeScheduled = true;
            ctx.executor().execute(this::resume);
        }
    }

    private void resume() {
        resumeScheduled = false;
        if (closedFor != 0 || !ctx.channel().isActive()) {
            return;
        }
        // An empty read from the head of the pipeline makes the decoder go on with what it holds.
        ctx.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        ctx.pipeline().fireChannelReadComplete();
        // Still open and no further turn scheduled: what was buffered is decoded, read the socket again.
        if (closedFor == 0 && !resumeScheduled) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (closedFor == 0) {
            ctx.read();
        }
    }
}
