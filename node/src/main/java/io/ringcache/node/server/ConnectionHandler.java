package io.ringcache.node.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.BinaryRequest;
import io.ringcache.node.protocol.RequestDecoder;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's commands: hands each decoded command to the executor, flushes the answers once
 * per read batch, stops reading while the client is not reading its answers, and closes the
 * connection when a started command does not complete within the read timeout or the connection
 * stays idle (the idle handler before it signals that).
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

    private final CommandExecutor executor;
    /** The text decoder, or the binary one once the connection's first byte chose that protocol. */
    private RequestDecoder decoder;
    private final long readTimeoutNanos;
    private final ConnectionRole role;
    private OrderedReplies replies;
    /** The pending read-timeout check, if a partial command is buffered. */
    private ScheduledFuture<?> readTimeout;
    private long decodedAtArm;

    ConnectionHandler(CommandExecutor executor, RequestDecoder decoder, long readTimeoutNanos, ConnectionRole role) {
        this.executor = executor;
        this.decoder = decoder;
        this.readTimeoutNanos = readTimeoutNanos;
        this.role = role;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        replies = new OrderedReplies(ctx);
        replies.role(role);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Command command) {
            executor.execute(command, replies);
        } else if (msg instanceof BinaryRequest request) {
            replies.answers(new BinaryAnswers(request));
            executor.execute(request.command(), replies);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        replies.flush();
        if (readTimeoutNanos > 0 && readTimeout == null && decoder.hasPartialCommand()) {
            armReadTimeout(ctx);
        }
    }

    private void armReadTimeout(ChannelHandlerContext ctx) {
        decodedAtArm = decoder.decodedCount();
        readTimeout = ctx.executor().schedule(() -> checkReadTimeout(ctx), readTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void checkReadTimeout(ChannelHandlerContext ctx) {
        readTimeout = null;
        if (!decoder.hasPartialCommand()) {
            return;
        }
        if (decoder.decodedCount() == decodedAtArm) {
            log.debug("{}: command incomplete after the read timeout, closing", ctx.channel());
            ctx.close();
        } else {
            armReadTimeout(ctx);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // Backpressure: a client that pipelines without reading answers stops being read.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof RequestDecoder.Switched switched) {
            decoder = switched.decoder();
            return;
        }
        if (evt instanceof IdleStateEvent) {
            log.debug("{}: idle timeout, closing", ctx.channel());
            ctx.close();
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
        replies.release();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: closing after an unexpected error", ctx.channel(), cause);
        ctx.close();
    }
}
