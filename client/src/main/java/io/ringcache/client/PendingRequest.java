package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.LoggerFactory;

/**
 * One accepted request from submission to its answer. Handed to the channel as the outbound message;
 * after that it is touched only on the channel's event loop, so its fields need no synchronisation.
 * It is also the listener of its own write.
 */
final class PendingRequest<T> implements ChannelFutureListener {
  private final Command<T> command;
  private final ResponseShape shape;
  /** Where the outcome goes: this future, or (when null) {@link #callback}. */
  private final CompletableFuture<T> future;
  private final BiConsumer<? super T, ? super Throwable> callback;
  /** The callback has been given the outcome (unused with a future, which knows it itself). */
  private boolean called;
  private final long startNanos;
  private final long deadlineNanos;
  private final OutstandingLimit limit;
  private final NodeMetrics metrics;
  private final String node;
  private ByteBuf request;
  private boolean slotHeld = true;

  PendingRequest(Command<T> command, ByteBuf request, long startNanos, long timeoutNanos,
      OutstandingLimit limit, NodeMetrics metrics, String node) {
    this(command, request, startNanos, timeoutNanos, limit, metrics, node, null);
  }

  /**
   * With {@code callback} non-null, the outcome (the answer, or the failure) is handed to it, on
   * the channel's event loop, instead of completing a future: for a caller that would only attach
   * one callback to the future anyway (a cluster member forwarding a request), one object less.
   */
  PendingRequest(Command<T> command, ByteBuf request, long startNanos, long timeoutNanos,
      OutstandingLimit limit, NodeMetrics metrics, String node, BiConsumer<? super T, ? super Throwable> callback) {
    this.future = callback == null ? new CompletableFuture<>() : null;
    this.callback = callback;
    this.command = command;
    this.shape = command.shape();
    this.request = request;
    this.startNanos = startNanos;
    this.deadlineNanos = startNanos + timeoutNanos;
    this.limit = limit;
    this.metrics = metrics;
    this.node = node;
  }

  CompletableFuture<T> future() {
    return future;
  }

  ResponseShape shape() {
    return shape;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  boolean isDone() {
    return future != null ? future.isDone() : called;
  }

  /** Hands the request bytes to the writer; afterwards the writer owns them. */
  ByteBuf takeRequest() {
    ByteBuf taken = request;
    request = null;
    return taken;
  }

  /** Called with exactly this request's answer. Decoding errors fail only this request. */
  void onFrame(ByteBuf frame) {
    releaseSlot();
    if (isDone()) {
      return; // timed out earlier; the answer is dropped, the stream stays in step
    }
    T value;
    try {
      value = command.decode(frame);
    } catch (CacheException e) {
      fail(e);
      return;
    } catch (RuntimeException e) {
      fail(new CorruptResponseException("unexpected answer from " + node + ": " + e.getMessage()));
      return;
    }
    succeed(value);
  }

  void timeOut(long nowNanos) {
    fail(new RequestTimeoutException("no answer from " + node + " within "
        + (nowNanos - startNanos) / 1_000_000 + " ms"));
  }

  /** Gives the slot back (once): the request left the wire or never got on it. */
  void releaseSlot() {
    if (slotHeld) {
      slotHeld = false;
      limit.release();
    }
  }

  // Metrics are recorded before completing, so a caller that saw the result also sees it counted.
  // Only the event loop completes a request, so check-then-complete does not race.

  void fail(CacheException failure) {
    if (!isDone()) {
      metrics.recordFailure(failure);
      if (future != null) {
        future.completeExceptionally(failure);
      } else {
        call(null, failure);
      }
    }
  }

  private void succeed(T value) {
    if (!isDone()) {
      metrics.recordSuccess(System.nanoTime() - startNanos);
      if (future != null) {
        future.complete(value);
      } else {
        call(value, null);
      }
    }
  }

  /** As a future's dependent would be: once, and whatever it throws stays out of the decoder. */
  private void call(T value, Throwable failure) {
    called = true;
    try {
      callback.accept(value, failure);
    } catch (RuntimeException | Error e) {
      LoggerFactory.getLogger(PendingRequest.class).warn("a request's callback failed", e);
    }
  }

  @Override
  public void operationComplete(ChannelFuture write) {
    if (!write.isSuccess()) {
      releaseSlot();
      // a request that reached a channel already closed shares the failure of those that were in flight
      fail(write.cause() instanceof ConnectionLostException lost ? lost
          : new ConnectionLostException("write to " + node + " failed", write.cause()));
      // the answer stream may now lack this request's answer: never reuse the channel
      write.channel().close();
    } else if (shape == ResponseShape.NONE) {
      releaseSlot();
      succeed(null);
    }
  }
}
