package io.ringcache.node.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Closes a connection that neither sent anything nor had anything left to receive for the idle
 * timeout. Netty's IdleStateHandler read the clock after every read and, for each write, turned the
 * write's void promise into a real one to be told when it completed (an object, a listener call and
 * a clock read per answer); this check costs nothing per request: the connection counts its reads,
 * and a timer looks at the count a few times per timeout.
 *
 * <p>It looks every quarter of the timeout and closes the connection at the fifth look in a row that
 * finds no new read and no answer bytes waiting: between 1 and 1.25 timeouts after the last activity.
 * Answer bytes still waiting count as activity (the write timeout is what closes a client that does
 * not take them).
 *
 * <p>Used on the connection's event loop only.
 */
final class IdleCheck {

    static final int LOOKS_PER_TIMEOUT = 4;

    private final ChannelHandlerContext ctx;
    private final long periodNanos;
    /** Reads so far (the connection's count). */
    private final LongSupplier reads;
    /** Answer bytes not yet taken by the client. */
    private final LongSupplier pendingBytes;
    private ScheduledFuture<?> next;
    private long readsAtLastLook;
    private int quietLooks;

    IdleCheck(ChannelHandlerContext ctx, long timeoutNanos, LongSupplier reads, LongSupplier pendingBytes) {
        this.ctx = ctx;
        this.periodNanos = Math.max(1, timeoutNanos / LOOKS_PER_TIMEOUT);
        this.reads = reads;
        this.pendingBytes = pendingBytes;
    }

    void start() {
        if (next == null) {
            schedule();
        }
    }

    void stop() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private void schedule() {
        next = ctx.executor().schedule(this::look, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void look() {
        next = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long readsNow = reads.getAsLong();
        if (readsNow != readsAtLastLook || pendingBytes.getAsLong() > 0) {
            readsAtLastLook = readsNow;
            quietLooks = 0;
        } else if (++quietLooks > LOOKS_PER_TIMEOUT) {
            CloseReason.close(ctx, CloseReason.IDLE);
            return;
        }
        schedule();
    }
}
