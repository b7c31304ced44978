package io.ringcache.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One connection of the load: decides when to send, writes requests in batches, matches each reply
 * to the oldest request in flight, and records its latency.
 *
 * <p>Closed loop: keeps {@code pipeline} requests in flight, sending the next as soon as a reply
 * frees a slot. Open loop: request i is <em>intended</em> at {@code start + i * interval}
 * whatever the server does; when the pipeline is full at that moment the request waits, and its
 * latency still counts from the intended time (the coordinated-omission correction), while the
 * uncorrected latency counts from the actual write.
 *
 * <p>Threading: every method runs on the channel's event loop; the generator calls in through
 * {@code channel.eventLoop().execute}. Writes are gathered into one buffer and flushed once per
 * inbound read batch (or per timer tick), the way a well-behaved pipelining client does.
 */
final class LoadConnection extends ChannelInboundHandlerAdapter implements ResponseParser.Listener {
  private enum Phase { IDLE, PREFILL, RUN, STOPPING, CLOSED }

  /** Prefill is closed loop at this depth at least: it is loading, not measuring. */
  private static final int PREFILL_PIPELINE = 32;

  private final Workload workload;
  private final LoadStats stats;
  private final SplittableRandom random;
  private final int pipeline;
  private final long intervalNanos;
  private final InFlight inFlight;
  private final long[] keyScratch;
  private final Runnable timerTask = this::onTimer;

  private ChannelHandlerContext ctx;
  private Phase phase = Phase.IDLE;
  private ByteBuf batch;
  private boolean inReadBatch;
  private boolean timerArmed;
  private int hitsInReply;

  private long nextIntended;
  /** Requests this connection may still send in RUN; -1 for no limit. */
  private long quota = -1;
  private CountDownLatch quotaDone;

  private long prefillNext;
  private long prefillEnd;
  private CountDownLatch prefillDone;
  private CountDownLatch drained;

  /**
   * @param intervalNanos open loop: the time between intended sends on this connection; 0 for
   *     closed loop
   */
  LoadConnection(Workload workload, LoadStats stats, long seed, int pipeline, long intervalNanos) {
    this.workload = workload;
    this.stats = stats;
    this.random = new SplittableRandom(seed);
    this.pipeline = pipeline;
    this.intervalNanos = intervalNanos;
    // room for the pipeline plus one cache-aside fill per get in flight
    this.inFlight = new InFlight(Math.max(pipeline, PREFILL_PIPELINE) * 2 + 1);
    this.keyScratch = new long[workload.multiGet()];
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  void startPrefill(long fromKey, long toKey, CountDownLatch done) {
    prefillNext = fromKey;
    prefillEnd = toKey;
    prefillDone = done;
    phase = Phase.PREFILL;
    pump();
  }

  /**
   * @param requests how many requests to send in total, or -1 to run until stopped
   * @param startNanos open loop: the first intended send time (callers stagger connections)
   */
  void startRun(long requests, CountDownLatch quotaDone, long startNanos) {
    this.quota = requests;
    this.quotaDone = quotaDone;
    this.nextIntended = startNanos;
    phase = Phase.RUN;
    pump();
  }

  /** Sends nothing more; counts {@code drained} down once every reply is in. */
  void stop(CountDownLatch drained) {
    this.drained = drained;
    if (phase != Phase.CLOSED) {
      phase = Phase.STOPPING;
    }
    checkDrained();
  }

  private void onTimer() {
    timerArmed = false;
    pump();
  }

  /** Sends what is due and flushes, unless a read batch is in progress (it flushes at its end). */
  private void pump() {
    if (phase == Phase.PREFILL) {
      prefillMore();
    } else if (phase == Phase.RUN) {
      runMore();
    }
    if (!inReadBatch) {
      flush();
    }
  }

  private void prefillMore() {
    while (inFlight.size() < PREFILL_PIPELINE && prefillNext < prefillEnd) {
      long key = prefillNext++;
      workload.writeSet(batch(), random, key);
      inFlight.add(CommandKind.PREFILL, 0, 0, key, 1);
    }
    if (prefillNext >= prefillEnd && inFlight.isEmpty() && prefillDone != null) {
      phase = Phase.IDLE;
      prefillDone.countDown();
      prefillDone = null;
    }
  }

  private void runMore() {
    long now = System.nanoTime();
    while (inFlight.size() < pipeline && quota != 0) {
      long intended = now;
      if (intervalNanos > 0) {
        if (nextIntended > now) {
          armTimer(nextIntended - now);
          break;
        }
        intended = nextIntended;
        nextIntended += intervalNanos;
      }
      sendWorkloadRequest(intended, now);
      if (quota > 0) {
        quota--;
      }
    }
    if (quota == 0 && inFlight.isEmpty() && quotaDone != null) {
      quotaDone.countDown();
      quotaDone = null;
    }
  }

  private void sendWorkloadRequest(long intended, long now) {
    if (workload.nextIsSet(random)) {
      long key = workload.nextKey(random);
      workload.writeSet(batch(), random, key);
      inFlight.add(CommandKind.SET, intended, now, key, 1);
    } else {
      long first = workload.writeGet(batch(), random, keyScratch);
      inFlight.add(CommandKind.GET, intended, now, first, workload.multiGet());
    }
  }

  private void armTimer(long delayNanos) {
    if (!timerArmed) {
      timerArmed = true;
      ctx.executor().schedule(timerTask, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private ByteBuf batch() {
    if (batch == null) {
      batch = ctx.alloc().directBuffer(Math.max(4096, workload.maxRequestSize() * pipeline));
    }
    return batch;
  }

  private void flush() {
    if (batch != null) {
      ByteBuf out = batch;
      batch = null;
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(out, ctx.voidPromise());
      } else {
        out.release();
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inReadBatch = false;
    flush();
  }

  /** Replies arrive inside a read batch; channelReadComplete flushes what they caused. */
  private void replyArrived() {
    inReadBatch = true;
  }

  @Override
  public void onValue() {
    hitsInReply++;
  }

  @Override
  public void onEnd() {
    replyArrived();
    if (inFlight.headKind() != CommandKind.GET) {
      onProtocolError("END without a get in flight");
      return;
    }
    int keys = inFlight.headKeyCount();
    long key = inFlight.headKey();
    int hits = Math.min(hitsInReply, keys);
    hitsInReply = 0;
    stats.hits.add(hits);
    stats.misses.add(keys - hits);
    complete();
    if (hits == 0 && workload.setOnMiss() && phase == Phase.RUN) {
      workload.writeSet(batch(), random, key);
      long now = System.nanoTime();
      inFlight.add(CommandKind.FILL, now, now, key, 1);
    }
    pump();
  }

  @Override
  public void onStoreReply(boolean stored) {
    replyArrived();
    CommandKind kind = inFlight.headKind();
    if (kind != CommandKind.SET && kind != CommandKind.FILL && kind != CommandKind.PREFILL) {
      onProtocolError("storage reply without a set in flight");
      return;
    }
    if (!stored) {
      stats.notStored.increment();
    }
    complete();
    pump();
  }

  @Override
  public void onErrorReply(ResponseParser.ErrorKind kind) {
    replyArrived();
    if (inFlight.isEmpty()) {
      onProtocolError("error reply with nothing in flight");
      return;
    }
    switch (kind) {
      case ERROR -> stats.errorReplies.increment();
      case CLIENT_ERROR -> stats.clientErrorReplies.increment();
      case SERVER_ERROR -> stats.serverErrorReplies.increment();
    }
    hitsInReply = 0;
    complete();
    pump();
  }

  @Override
  public void onProtocolError(String why) {
    stats.protocolErrors.increment();
    LoadGenerator.LOG.warn("{}: {}; closing the connection", ctx.channel().remoteAddress(), why);
    ctx.close();
  }

  private void complete() {
    CommandKind kind = inFlight.headKind();
    if (kind != CommandKind.PREFILL) {
      stats.record(kind, inFlight.headIntended(), inFlight.headSent(), System.nanoTime());
    }
    stats.replies[kind.ordinal()].increment();
    inFlight.removeHead();
    checkDrained();
  }

  private void checkDrained() {
    if (drained != null && (inFlight.isEmpty() || phase == Phase.CLOSED)) {
      drained.countDown();
      drained = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (phase != Phase.STOPPING) {
      stats.disconnects.increment();
    }
    phase = Phase.CLOSED;
    if (batch != null) {
      batch.release();
      batch = null;
    }
    // whoever waits on this connection must not wait for replies that will never come
    countDown(prefillDone);
    prefillDone = null;
    countDown(quotaDone);
    quotaDone = null;
    checkDrained();
    ctx.fireChannelInactive();
  }

  private static void countDown(CountDownLatch latch) {
    if (latch != null) {
      latch.countDown();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LoadGenerator.LOG.warn("{}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
