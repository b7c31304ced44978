package io.ringcache.node.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Times each read's commands for the latency metric: placed just before the decoder, it reads the
 * clock when a read (or a resumed decoding of buffered input) reaches it and again when the read's
 * commands have run, which happens inside the same {@code channelRead}, and tells the
 * {@link CommandObserver} the difference. Two clock reads per read, whatever the read holds: on this
 * machine a clock read costs about 30 ns, a tenth of a pipelined get's CPU, so one per command was
 * most of what metrics cost (bench/README.md, "Metrics cost"). Installed only when an observer is set.
 */
@Sharable
final class CommandClock extends ChannelInboundHandlerAdapter {

    private final CommandObserver observer;

    CommandClock(CommandObserver observer) {
        this.observer = observer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long start = System.nanoTime();
        try {
            ctx.fireChannelRead(msg);
        } finally {
            observer.readEnded(System.nanoTime() - start);
        }
    }
}
