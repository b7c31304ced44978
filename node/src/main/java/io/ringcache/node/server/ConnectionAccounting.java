package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.ringcache.node.protocol.ErrorReply;

/**
 * The first handler of every connection: enforces the connection limit (memcached's {@code -c}: the
 * connection over the limit is told {@code ERROR Too many open connections} and closed, the others go
 * on) and counts connections and bytes for stats. Shared by all connections.
 */
@Sharable
final class ConnectionAccounting extends ChannelDuplexHandler {

    private final NodeStats stats;
    private final int maxConnections;

    ConnectionAccounting(NodeStats stats, int maxConnections) {
        this.stats = stats;
        this.maxConnections = maxConnections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (stats.currConnections.incrementAndGet() > maxConnections) {
            stats.rejectedConnections.increment();
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ErrorReply.TOO_MANY_CONNECTIONS.line()))
                    .addListener(ChannelFutureListener.CLOSE);
            return; // the handlers behind never see this connection
        }
        stats.totalConnections.increment();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stats.currConnections.decrementAndGet();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf b) {
            stats.bytesRead.add(b.readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof ByteBuf b) {
            stats.bytesWritten.add(b.readableBytes());
        }
        super.write(ctx, msg, promise);
    }
}
