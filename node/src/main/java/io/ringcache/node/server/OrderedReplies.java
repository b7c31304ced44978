package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.ringcache.node.IoLimits;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A connection's answers in request order, and what they may cost.
 *
 * <p>The fast path allocates nothing per request: small answers go into one open buffer, written to
 * the channel and flushed once at the end of the read batch ({@link #flush()}). What cannot go to the
 * socket yet waits in the {@link AnswerQueue}: larger values streamed in chunks, and the places of
 * answers that complete later ({@link #defer()}, {@link #deferStream()}).
 *
 * <p>The output budget: {@link #pendingBytes()} counts the queue and the channel's write buffer. Past
 * {@link IoLimits#outputBudgetBytes()} the connection stops being read ({@link InputGate#OUTPUT_FULL})
 * and a multi-get stops between values ({@link #resumeWhenDrained}), until the client has taken half
 * of it. Only answers that complete on their own (forwarded ones) can push it further; past
 * {@link IoLimits#outputLimitBytes()} the connection is closed. A client that takes nothing for
 * {@link IoLimits#writeTimeout()} is closed too ({@link WriteTimeout}).
 *
 * <p>Fairness: one drain writes at most {@link #BYTES_PER_TURN} to the channel, then lets the other
 * connections of the event loop go first and continues in a task.
 *
 * <p>Used on the connection's event loop only; {@link DeferredReply#complete}, the
 * {@link DeferredStream} methods and {@link #push} hop onto it.
 */
final class OrderedReplies implements ReplySink {

    /** Below this a value is copied into the open buffer; from it on it streams in chunks. */
    static final int COPY_THRESHOLD = 1024;
    /** Bytes one drain may hand to the channel before the event loop serves other connections. */
    static final int BYTES_PER_TURN = 256 * 1024;
    private static final int BUFFER_SIZE = 1024;

    private final ChannelHandlerContext ctx;
    private final InputGate gate;
    private final IoLimits limits;
    private final NodeStats stats;
    /** Answers waiting for the socket or for an earlier answer. */
    private final AnswerQueue queue;
    /** The buffer small answers are appended to; logically after everything queued. */
    private ByteBuf open;
    /** Deferred places not completed yet. */
    private int pendingReplies;
    /** The rest of a command that stopped at the budget; runs when the queue has drained to half. */
    private Runnable rest;
    /** Streams waiting to be told the connection can take more of them ({@link DeferredStream#whenReady}). */
    private final ArrayDeque<ReadyWaiter> readyWaiters = new ArrayDeque<>(1);
    /** A topology push that arrived while {@link #rest} streamed; only the newest matters. */
    private Consumer<ByteBuf> heldPush;
    private boolean draining;
    private boolean drainAgain;
    private boolean drainScheduled;
    private int bytesThisTurn;
    private final WriteTimeout writeTimeout;
    private boolean closeWhenDrained;
    private boolean closed;
    private ConnectionRole role = ConnectionRole.CLIENT;
    /** The encoder of the request being executed: text, or the binary request's own. */
    private Answers answers = TextAnswers.INSTANCE;

    OrderedReplies(ChannelHandlerContext ctx, InputGate gate, IoLimits limits, NodeStats stats) {
        this.ctx = ctx;
        this.gate = gate;
        this.limits = limits;
        this.stats = stats;
        this.writeTimeout = new WriteTimeout(ctx, limits.writeTimeout().toNanos());
        this.queue = new AnswerQueue(ctx);
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
        if (length < COPY_THRESHOLD) {
            buffer().writeBytes(array, offset, length);
            return;
        }
        seal();
        append(new ValueChunks(array, offset, length));
    }

    @Override
    public boolean overBudget() {
        return pendingBytes() > limits.outputBudgetBytes();
    }

    @Override
    public void resumeWhenDrained(Runnable rest) {
        if (this.rest != null) {
            throw new IllegalStateException("a command is already waiting to continue on this connection");
        }
        seal();
        this.rest = rest;
        gate.close(InputGate.ANSWER_STREAMING);
    }

    @Override
    public DeferredReply defer() {
        seal();
        Deferred place = new Deferred();
        queue.add(place); // incomplete: it waits in the queue, and so does everything after it
        // A peer's connection carries many clients' requests, each already bounded at the node they
        // came through; holding it back would stall all of them behind one.
        if (++pendingReplies >= limits.maxPendingReplies() && role == ConnectionRole.CLIENT
                && !gate.isClosedFor(InputGate.PENDING_REPLIES)) {
            gate.close(InputGate.PENDING_REPLIES);
            stats.repliesPauses.increment();
        }
        return place;
    }

    @Override
    public DeferredStream deferStream() {
        return (Deferred) defer();
    }

    @Override
    public void closeAfterReplies() {
        closeWhenDrained = true;
        if (queue.isEmpty() && rest == null) {
            flush();
        }
    }

    /**
     * Pushes are dropped, with the connection, when the client is not reading: a watcher that let
     * a budget of answers pile up would otherwise be buffered a block per ring change forever.
     */
    @Override
    public boolean push(Consumer<ByteBuf> writer) {
        if (closed || !ctx.channel().isActive()) {
            return false;
        }
        try {
            ctx.executor().execute(() -> pushNow(writer));
        } catch (RejectedExecutionException stopping) {
            return false; // the node is stopping: its event loops take no more tasks
        }
        return true;
    }

    private void pushNow(Consumer<ByteBuf> writer) {
        if (closed) {
            return;
        }
        if (overBudget()) {
            CloseReason.close(ctx, CloseReason.WATCHER_NOT_READING);
            return;
        }
        if (rest != null) {
            heldPush = writer; // never inside a streaming answer; written when it ends
            return;
        }
        writer.accept(buffer());
        flush();
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
    public void whenClosed(Runnable action) {
        ctx.channel().closeFuture().addListener(f -> action.run());
    }

    @Override
    public ConnectionRole role() {
        return role;
    }

    @Override
    public void role(ConnectionRole role) {
        this.role = role;
    }

    /** After each command: stop reading this connection while its answers are not being taken. */
    void afterCommand() {
        pauseIfOverBudget();
    }

    private void pauseIfOverBudget() {
        if (!gate.isClosedFor(InputGate.OUTPUT_FULL) && overBudget()) {
            gate.close(InputGate.OUTPUT_FULL);
            stats.outputPauses.increment();
        }
    }

    /** End of a read batch: everything ready goes out in one flush. */
    void flush() {
        if (closed) {
            return;
        }
        seal();
        if (queue.isEmpty() && rest == null && !closeWhenDrained) {
            ctx.flush(); // the common case: nothing waits
            return;
        }
        drain();
    }

    /** The channel's writability changed (its write buffer crossed a watermark). */
    void writabilityChanged() {
        if (ctx.channel().isWritable()) {
            drain();
        } else {
            writeTimeout.unwritable();
        }
    }

    /** Bytes answered but not yet taken by the client: queued here and in the channel's write buffer. */
    long pendingBytes() {
        ChannelOutboundBuffer inChannel = ctx.channel().unsafe().outboundBuffer();
        return queue.bytes() + (inChannel == null ? 0 : inChannel.totalPendingWriteBytes());
    }

    /** The channel is gone: free what is still queued; answers completing later are dropped. */
    void release() {
        closed = true;
        rest = null;
        heldPush = null;
        readyWaiters.clear();
        writeTimeout.cancel();
        if (open != null) {
            open.release();
            open = null;
        }
        queue.release();
    }

    /**
     * Moves what is ready to the channel, runs the rest of a streaming command when half the budget
     * is free, reopens the input when the answers have drained, and flushes. Stops after about
     * {@link #BYTES_PER_TURN} (a command's rest may add up to a budget to that) and continues in a
     * task after the other connections' I/O.
     * Re-entrant calls (a flush makes the channel writable again, which calls here) only ask the
     * running one to go round once more.
     */
    private void drain() {
        if (closed) {
            return;
        }
        if (draining) {
            drainAgain = true;
            return;
        }
        draining = true;
        bytesThisTurn = 0;
        try {
            do {
                drainAgain = false;
                boolean progressed;
                do {
                    progressed = false;
                    bytesThisTurn += queue.pump(BYTES_PER_TURN - bytesThisTurn);
                    if (rest != null && bytesThisTurn < BYTES_PER_TURN
                            && pendingBytes() <= limits.outputBudgetBytes() / 2) {
                        long before = pendingBytes();
                        Runnable r = rest;
                        rest = null;
                        r.run(); // writes up to the budget, and may stop there again: resumeWhenDrained
                        seal();
                        bytesThisTurn += (int) Math.max(0, pendingBytes() - before);
                        progressed = true;
                    }
                    if (!readyWaiters.isEmpty() && bytesThisTurn < BYTES_PER_TURN
                            && pendingBytes() <= limits.outputBudgetBytes() / 2) {
                        long before = pendingBytes();
                        for (int waiting = readyWaiters.size(); waiting > 0 && !closed; waiting--) {
                            ReadyWaiter w = readyWaiters.poll();
                            if (queue.head() == w.place()) {
                                w.next().run(); // fetches its next part, or writes it at once
                            } else {
                                readyWaiters.add(w); // behind another answer: a part now would only wait in memory
                            }
                        }
                        long added = pendingBytes() - before;
                        bytesThisTurn += (int) Math.max(0, added);
                        progressed |= added != 0;
                    }
                } while (progressed && !closed);
                if (closed) {
                    return;
                }
                afterStreaming();
                if (closeWhenDrained && queue.isEmpty() && rest == null) {
                    closed = true;
                    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                ctx.flush(); // may make the channel writable again, inline: drainAgain
            } while (drainAgain && bytesThisTurn < BYTES_PER_TURN && !closed);
            if (!closed && bytesThisTurn >= BYTES_PER_TURN) {
                scheduleDrain(); // the rest after the other connections of this event loop
            }
        } finally {
            draining = false;
        }
    }

    private void scheduleDrain() {
        if (!drainScheduled) {
            drainScheduled = true;
            ctx.executor().execute(() -> {
                drainScheduled = false;
                drain();
            });
        }
    }

    /** Input reopens once no command is mid-answer and the queued answers fell to half the budget. */
    private void afterStreaming() {
        if (rest == null) {
            if (heldPush != null) {
                Consumer<ByteBuf> push = heldPush;
                heldPush = null;
                push.accept(buffer());
                seal();
                bytesThisTurn += queue.pump(BYTES_PER_TURN - bytesThisTurn);
            }
            gate.open(InputGate.ANSWER_STREAMING);
        }
        if (gate.isClosedFor(InputGate.OUTPUT_FULL) && pendingBytes() <= limits.outputBudgetBytes() / 2) {
            gate.open(InputGate.OUTPUT_FULL);
        }
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

    /** Writes {@code piece} now if nothing waits before it and the channel can take it; queues the rest. */
    private void append(Object piece) {
        if (closed) {
            if (piece instanceof ByteBuf b) {
                b.release();
            }
            return;
        }
        queue.add(piece);
    }

    /** A stream's next step, run once its place is at the head of the queue and half the budget is free. */
    private record ReadyWaiter(Deferred place, Runnable next) {
    }

    /**
     * A place filled later: whole ({@link DeferredReply#complete}) or in parts ({@link DeferredStream}).
     * Its parts are written as soon as it is at the head of the queue, and the answers after it wait
     * until it has ended.
     */
    private final class Deferred implements DeferredReply, DeferredStream, AnswerQueue.Later {
        /** Parts arrived and not yet written, in order. */
        private final ArrayDeque<ByteBuf> parts = new ArrayDeque<>(2);
        private boolean ended;

        @Override
        public void complete(ByteBuf bytes) {
            onLoop(() -> {
                append(bytes);
                finish();
            }, bytes);
        }

        @Override
        public void write(ByteBuf part) {
            onLoop(() -> append(part), part);
        }

        @Override
        public void whenReady(Runnable next) {
            onLoop(() -> {
                if (closed) {
                    return;
                }
                readyWaiters.add(new ReadyWaiter(this, next));
                drain();
            }, null);
        }

        @Override
        public void end() {
            onLoop(this::finish, null);
        }

        @Override
        public long partBytes() {
            return Math.max(1, limits.outputBudgetBytes() / 2);
        }

        private void onLoop(Runnable action, ByteBuf releaseIfRefused) {
            if (ctx.executor().inEventLoop()) {
                action.run();
                return;
            }
            try {
                ctx.executor().execute(action);
            } catch (RejectedExecutionException stopping) {
                if (releaseIfRefused != null) {
                    releaseIfRefused.release();
                }
            }
        }

        private void append(ByteBuf part) {
            if (ended) {
                part.release();
                throw new IllegalStateException("a deferred reply was written after it ended");
            }
            if (closed) {
                part.release();
                return;
            }
            parts.add(part);
            queue.grew(part.readableBytes());
            if (pendingBytes() > limits.outputLimitBytes()) {
                CloseReason.close(ctx, CloseReason.OUTPUT_LIMIT);
            } else {
                pauseIfOverBudget(); // an answer arriving after its command counts like one written by it
            }
        }

        private void finish() {
            if (ended) {
                throw new IllegalStateException("a deferred reply was completed twice");
            }
            ended = true;
            if (--pendingReplies < limits.maxPendingReplies()) {
                gate.open(InputGate.PENDING_REPLIES);
            }
            drain();
        }

        @Override
        public boolean writeTo(ChannelHandlerContext ctx) {
            while (!parts.isEmpty() && ctx.channel().isWritable()) {
                ByteBuf part = parts.poll();
                if (part.isReadable()) {
                    ctx.write(part, ctx.voidPromise());
                } else {
                    part.release();
                }
            }
            return ended && parts.isEmpty();
        }

        @Override
        public long bytes() {
            long n = 0;
            for (ByteBuf part : parts) {
                n += part.readableBytes();
            }
            return n;
        }

        @Override
        public void release() {
            for (ByteBuf part : parts) {
                part.release();
            }
            parts.clear();
        }
    }
}
