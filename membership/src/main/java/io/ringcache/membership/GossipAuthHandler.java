package io.ringcache.membership;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between scalecube's framing and its codec on every gossip connection: seals what goes out, opens
 * what comes in ({@link GossipFrames}), and closes the connection at the first frame that fails,
 * so a stranger's bytes (random, a Java serialization stream, a replayed frame) reach no parser
 * and cost one MAC each. On an accepted connection, a peer that has not sent one good frame within
 * {@link #FIRST_FRAME_MILLIS} is closed as well.
 */
final class GossipAuthHandler extends ChannelDuplexHandler {

  private static final Logger log = LoggerFactory.getLogger(GossipAuthHandler.class);

  static final long FIRST_FRAME_MILLIS = 10_000;
  /** One warning per this interval at most: a stranger must not be able to fill the log. */
  private static final long WARN_EVERY_MILLIS = 10_000;
  private static final AtomicLong lastWarned = new AtomicLong();

  private final GossipFrames frames;
  /** Accepted connections without a good frame yet, shared by the listener; null on our own dials. */
  private final java.util.concurrent.atomic.AtomicInteger unproven;
  private final boolean accepted;
  private boolean trusted;
  private boolean counted;
  private ScheduledFuture<?> firstFrame;

  GossipAuthHandler(GossipFrames frames, java.util.concurrent.atomic.AtomicInteger unproven) {
    this.frames = frames;
    this.unproven = unproven;
    this.accepted = unproven != null;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (accepted) {
      counted = true;
      if (unproven.incrementAndGet() > GossipTransport.MAX_UNPROVEN) {
        frames.countRefused();
        reject(ctx, "more than " + GossipTransport.MAX_UNPROVEN + " connections without a good frame");
        return;
      }
      firstFrame = ctx.executor().schedule(() -> {
        if (!trusted) {
          reject(ctx, "no authenticated frame within " + FIRST_FRAME_MILLIS + " ms");
        }
      }, FIRST_FRAME_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (firstFrame != null) {
      firstFrame.cancel(false);
    }
    proven();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    proven();
    super.channelInactive(ctx);
  }

  /** This connection no longer counts as unproven: it sent a good frame, or it is gone. Once. */
  private void proven() {
    if (counted) {
      counted = false;
      unproven.decrementAndGet();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!(msg instanceof ByteBuf frame)) {
      super.channelRead(ctx, msg);
      return;
    }
    ByteBuf body;
    try {
      body = frames.open(frame);
    } finally {
      frame.release();
    }
    if (body == null) {
      reject(ctx, "a gossip frame that is not a member's (bad MAC, stale or replayed)");
      return;
    }
    trusted = true;
    proven();
    ctx.fireChannelRead(body);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (!(msg instanceof ByteBuf body)) {
      super.write(ctx, msg, promise);
      return;
    }
    ByteBuf sealed;
    try {
      sealed = frames.seal(body, ctx.alloc());
    } finally {
      body.release();
    }
    ctx.write(sealed, promise);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // an oversized length prefix (TooLongFrameException) and the like: the connection is done
    if (ctx.channel().isActive()) {
      frames.countRefused();
    }
    reject(ctx, cause.toString());
  }

  private void reject(ChannelHandlerContext ctx, String why) {
    ctx.channel().config().setAutoRead(false);
    ctx.close();
    long now = System.currentTimeMillis();
    long last = lastWarned.get();
    if (now - last >= WARN_EVERY_MILLIS && lastWarned.compareAndSet(last, now)) {
      log.warn("Closed gossip connection {}: {} (further ones within {} s are counted in stats, not logged)",
          ctx.channel().remoteAddress(), why, WARN_EVERY_MILLIS / 1000);
    } else {
      log.debug("Closed gossip connection {}: {}", ctx.channel().remoteAddress(), why);
    }
  }
}
