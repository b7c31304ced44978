package io.ringcache.node.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.ringcache.node.IoLimits;
import io.ringcache.node.protocol.BinaryRequest;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.RequestDecoder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One connection's commands: hands each decoded command to the executor, flushes the answers once
 * per read batch, gives the event loop to the other connections after {@code -R} commands in a row,
 * and closes the connection when a started command does not complete within the read timeout or the
 * connection stays idle ({@link IdleCheck}). How much output it may queue is
 * {@link OrderedReplies}' part; when it reads is {@link InputGate}'s. Each close is logged once with
 * its reason ({@link CloseLog}).
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private final CommandExecutor executor;
    /** The text decoder, or the binary one once the connection's first byte chose that protocol. */
    private RequestDecoder decoder;
    private final InputGate gate;
    private final IoLimits limits;
    private final NodeStats stats;
    private final CloseLog closeLog;
    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;
    private final ConnectionRole role;
    private OrderedReplies replies;
    /** Commands run since the connection last let the others of its event loop go first. */
    private int commandsThisTurn;
    /** The pending read-timeout check, if a partial command is buffered. */
    private ScheduledFuture<?> readTimeout;
    private long decodedAtArm;
    /** Socket reads so far (read batches), for the idle check. */
    private long reads;
    private IdleCheck idleCheck;
    private long openedAt;
    private String closeDetail;
    private Throwable bug;

    ConnectionHandler(CommandExecutor executor, RequestDecoder decoder, InputGate gate, IoLimits limits,
            NodeStats stats, CloseLog closeLog, long readTimeoutNanos, long idleTimeoutNanos, ConnectionRole role) {
        this.executor = executor;
        this.decoder = decoder;
        this.gate = gate;
        this.limits = limits;
        this.stats = stats;
        this.closeLog = closeLog;
        this.readTimeoutNanos = readTimeoutNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.role = role;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        replies = new OrderedReplies(ctx, gate, limits, stats);
        replies.role(role);
        openedAt = System.nanoTime();
        if (idleTimeoutNanos > 0) {
            idleCheck = new IdleCheck(ctx, idleTimeoutNanos, () -> reads, replies::pendingBytes);
            if (ctx.channel().isActive()) {
                idleCheck.start(); // a peer's connection gets its handlers after the handshake
            }
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (idleCheck != null) {
            idleCheck.start();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Command command;
        if (msg instanceof Command c) {
            command = c;
        } else if (msg instanceof BinaryRequest request) {
            replies.answers(new BinaryAnswers(request));
            command = request.command();
        } else {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (command instanceof Command.Quit) {
            CloseReason.mark(ctx.channel(), CloseReason.QUIT);
        } else if (command instanceof Command.Close || (command instanceof Command.Invalid invalid && invalid.close())) {
            CloseReason.mark(ctx.channel(), CloseReason.PROTOCOL);
        }
        executor.execute(command, replies);
        replies.afterCommand();
        if (++commandsThisTurn >= limits.requestsPerEvent() && decoder.hasBufferedInput()) {
            gate.close(InputGate.YIELDED);
            stats.connYields.increment();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reads++;
        commandsThisTurn = 0;
        replies.flush();
        gate.open(InputGate.YIELDED); // the rest of a long pipeline continues in a task, after the others
        if (readTimeoutNanos > 0 && readTimeout == null && decoder.hasPartialCommand()) {
            armReadTimeout(ctx);
        }
    }

    private void armReadTimeout(ChannelHandlerContext ctx) {
        decodedAtArm = decoder.decodedCount();
        readTimeout = ctx.executor().schedule(() -> checkReadTimeout(ctx), readTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** A connection held back by the node (paused, yielded) is not the client being slow: check again later. */
    private void checkReadTimeout(ChannelHandlerContext ctx) {
        readTimeout = null;
        if (!decoder.hasPartialCommand()) {
            return;
        }
        if (decoder.decodedCount() == decodedAtArm && gate.isOpen()) {
            CloseReason.close(ctx, CloseReason.READ_TIMEOUT);
        } else {
            armReadTimeout(ctx);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        replies.writabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof RequestDecoder.Switched switched) {
            decoder = switched.decoder();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (readTimeout != null) {
            readTimeout.cancel(false);
            readTimeout = null;
        }
        if (idleCheck != null) {
            idleCheck.stop();
        }
        replies.release();
        CloseReason reason = CloseReason.of(ctx.channel());
        stats.closed(reason);
        closeLog.closed(String.valueOf(ctx.channel().remoteAddress()), System.nanoTime() - openedAt, reason, closeDetail, bug);
        super.channelInactive(ctx);
    }

    /**
     * The first failure closes the connection and is its reason; the failures that follow from it
     * (writes to the closed socket) say nothing new and are dropped. A socket error is the client's
     * doing and gets its message only; anything else is a bug here and keeps its stack trace.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeDetail != null || !ctx.channel().isActive()) {
            return;
        }
        closeDetail = String.valueOf(cause.getMessage());
        if (cause instanceof IOException) {
            CloseReason.close(ctx, CloseReason.IO_ERROR);
        } else {
            bug = cause;
            CloseReason.close(ctx, CloseReason.ERROR);
        }
    }
}
