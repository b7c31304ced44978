package io.ringcache.node.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * When each command's time on its event loop starts, for the latency metric, with one clock read
 * per command instead of two: a command's time runs from the end of the command before it in the
 * same read (or from the read itself, for the first) to its own end, so it covers decoding the
 * command and running it. Placed just before the decoder, this handler marks the time each read
 * (and each resumed decoding of buffered input) reaches it; {@link #sinceMark()}, after a command,
 * reads the clock once and moves the mark there. A read's commands run synchronously inside its
 * {@code channelRead}, one connection at a time per event loop, so a mark per thread is enough.
 *
 * <p>On this machine a clock read costs about 30 ns, a sizable part of a pipelined get's few
 * hundred nanoseconds of CPU: halving them is what keeps metrics within 3 % (bench/README.md).
 * Installed only when a {@link CommandObserver} is set.
 */
@Sharable
public final class CommandClock extends ChannelInboundHandlerAdapter {

    static final CommandClock HANDLER = new CommandClock();

    /** Per thread: the time the current command's time started (a one-element array: no boxing). */
    private static final FastThreadLocal<long[]> MARK = new FastThreadLocal<>() {
        @Override
        protected long[] initialValue() {
            return new long[] {System.nanoTime()};
        }
    };

    private CommandClock() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MARK.get()[0] = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    /** Nanoseconds since the mark (the read, or the previous command's end), and the mark moved to now. */
    public static long sinceMark() {
        long[] mark = MARK.get();
        long now = System.nanoTime();
        long nanos = now - mark[0];
        mark[0] = now;
        return nanos;
    }
}
