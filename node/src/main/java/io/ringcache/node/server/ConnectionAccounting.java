package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.ringcache.node.protocol.ErrorReply;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The first handler of every connection of one listener: enforces its connection limit (memcached's
 * {@code -c} for clients: the connection over the limit is told {@code ERROR Too many open
 * connections} and closed, the others go on) and counts its connections, and for clients their
 * bytes, for stats. The peer listener has its own instance and limit, so that clients holding every
 * client slot never keep a member's peer connection out. Shared by all connections of the listener.
 */
@Sharable
final class ConnectionAccounting extends ChannelDuplexHandler {

    private final NodeStats stats;
    private final int maxConnections;
    private final boolean peers;
    private final AtomicInteger current;
    private final LongAdder total;
    private final LongAdder rejected;

    /** The client listeners' accounting. */
    ConnectionAccounting(NodeStats stats, int maxConnections) {
        this(stats, maxConnections, false);
    }

    /** {@code peers}: the peer listener's, counted apart and without the client byte counters. */
    ConnectionAccounting(NodeStats stats, int maxConnections, boolean peers) {
        this.stats = stats;
        this.maxConnections = maxConnections;
        this.peers = peers;
        this.current = peers ? stats.currPeerConnections : stats.currConnections;
        this.total = peers ? stats.totalPeerConnections : stats.totalConnections;
        this.rejected = peers ? stats.rejectedPeerConnections : stats.rejectedConnections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (current.incrementAndGet() > maxConnections) {
            rejected.increment();
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ErrorReply.TOO_MANY_CONNECTIONS.line()))
                    .addListener(ChannelFutureListener.CLOSE);
            return; // the handlers behind never see this connection
        }
        total.increment();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        current.decrementAndGet();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!peers && msg instanceof ByteBuf b) {
            stats.bytesRead.add(b.readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!peers && msg instanceof ByteBuf b) {
            stats.bytesWritten.add(b.readableBytes());
        }
        super.write(ctx, msg, promise);
    }
}
