package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Registers each request as in flight at the moment its bytes enter the channel, so the in-flight
 * order is the wire order whichever thread submitted it.
 */
final class RequestWriter extends ChannelOutboundHandlerAdapter {
  private final InFlightRequests inFlight;

  RequestWriter(InFlightRequests inFlight) {
    this.inFlight = inFlight;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof PendingRequest)) {
      ctx.write(msg, promise);
      return;
    }
    PendingRequest<?> request = (PendingRequest<?>) msg;
    ByteBuf bytes = request.takeRequest();
    if (!ctx.channel().isActive()) {
      // channelInactive has already failed the queue; registering now would strand this request
      bytes.release();
      CacheException closedBy = inFlight.closedBy();
      promise.setFailure(closedBy != null ? closedBy : new java.nio.channels.ClosedChannelException());
      return;
    }
    if (request.shape() != ResponseShape.NONE) {
      inFlight.add(request);
    }
    ctx.write(bytes, promise);
  }
}
