package io.ringcache.node.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose answers the client stopped taking: one whose socket write buffer stays
 * above its high watermark (unwritable) for the whole write timeout. A client that reads, however
 * slowly, lets the buffer drop below its low watermark now and then and is never closed for it; its
 * memory is bounded by the output budget anyway.
 *
 * <p>At most one timer per connection: it is armed when the channel first turns unwritable and, when
 * it fires early (the channel was writable in between), re-armed for the rest of the timeout from
 * the latest time it turned unwritable, so a connection that flips often costs no timer per flip.
 *
 * <p>Used on the connection's event loop only.
 */
final class WriteTimeout {

    private final ChannelHandlerContext ctx;
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    /** When the channel last turned unwritable. */
    private long unwritableSince;

    /** {@code timeoutNanos}: zero never closes. */
    WriteTimeout(ChannelHandlerContext ctx, long timeoutNanos) {
        this.ctx = ctx;
        this.timeoutNanos = timeoutNanos;
    }

    /** The channel turned unwritable: the client has not taken a watermark's worth of answers. */
    void unwritable() {
        unwritableSince = System.nanoTime();
        if (timer == null && timeoutNanos > 0) {
            timer = ctx.executor().schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        timer = null;
        if (!ctx.channel().isActive() || ctx.channel().isWritable()) {
            return;
        }
        long stuck = System.nanoTime() - unwritableSince;
        if (stuck >= timeoutNanos) {
            CloseReason.close(ctx, CloseReason.WRITE_TIMEOUT);
        } else {
            timer = ctx.executor().schedule(this::check, timeoutNanos - stuck, TimeUnit.NANOSECONDS);
        }
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
