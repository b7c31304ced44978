package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames answers with {@link ResponseFramer} using the shape of the head in-flight request, and hands
 * each answer (a slice of the inbound buffer, valid during the call) to that request. Also runs the
 * timeout sweep of its channel and fails everything still in flight when the channel goes away.
 */
final class ResponseDecoder extends ByteToMessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(ResponseDecoder.class);

  private final InFlightRequests inFlight;
  private final ResponseFramer framer;
  private final String node;
  private final long tickNanos;
  private final long stuckGraceNanos;
  private ScheduledFuture<?> sweep;
  /** Why the channel is closing, for the failure given to the requests still in flight. */
  private Throwable closeCause;
  private String closeReason = "connection closed";

  ResponseDecoder(InFlightRequests inFlight, ClientSettings settings, String node) {
    this.inFlight = inFlight;
    this.framer = new ResponseFramer(settings.maxLineBytes(), settings.maxValueBytes());
    this.node = node;
    this.tickNanos = settings.timeoutTick().toNanos();
    this.stuckGraceNanos = settings.stuckGrace().toNanos();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    sweep = ctx.executor().scheduleAtFixedRate(() -> expire(ctx), tickNanos, tickNanos,
        TimeUnit.NANOSECONDS);
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      PendingRequest<?> head = inFlight.peek();
      if (head == null) {
        corrupt(ctx, in, null, new CorruptResponseException("answer from " + node
            + " with no request in flight"));
        return;
      }
      int length;
      try {
        length = framer.frame(in, head.shape());
      } catch (CorruptResponseException e) {
        corrupt(ctx, in, head, e);
        return;
      }
      if (length < 0) {
        return;
      }
      inFlight.poll();
      head.onFrame(in.readSlice(length));
    }
  }

  private void corrupt(ChannelHandlerContext ctx, ByteBuf in, PendingRequest<?> head,
      CorruptResponseException e) {
    log.warn("corrupt answer from {}: {}; closing the connection", node, e.getMessage());
    in.skipBytes(in.readableBytes());
    if (head != null) {
      inFlight.poll();
      head.releaseSlot();
      head.fail(e);
    }
    closeAndFailAll(ctx, "connection closed after a corrupt answer", e);
  }

  private void expire(ChannelHandlerContext ctx) {
    if (inFlight.expire(System.nanoTime(), stuckGraceNanos)) {
      log.warn("{} has not answered its oldest request for {} ms past its timeout; reconnecting",
          node, stuckGraceNanos / 1_000_000);
      closeAndFailAll(ctx, "connection closed: server stopped answering", null);
    }
  }

  private void closeAndFailAll(ChannelHandlerContext ctx, String reason, Throwable cause) {
    closeReason = reason;
    closeCause = cause;
    // known before the channel goes inactive, so requests still queued for writing fail the same way
    inFlight.closing(new ConnectionLostException(node + ": " + reason, cause));
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("connection to {} failed", node, cause);
    closeAndFailAll(ctx, "connection lost: " + cause.getMessage(), cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    try {
      super.channelInactive(ctx); // frames any complete answers still buffered first
    } finally {
      stopSweep();
      CacheException closing = inFlight.closedBy();
      inFlight.failAll(closing != null ? closing : new ConnectionLostException(node + ": " + closeReason, closeCause));
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    stopSweep();
  }

  private void stopSweep() {
    if (sweep != null) {
      sweep.cancel(false);
      sweep = null;
    }
  }
}
