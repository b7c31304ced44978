package io.ringcache.client;

import java.util.ArrayDeque;

/**
 * Requests written to one channel and awaiting answers, in wire order: the server answers in order,
 * so the head is always the owner of the next answer. Confined to the channel's event loop.
 */
final class InFlightRequests {
  private final ArrayDeque<PendingRequest<?>> queue = new ArrayDeque<>();
  /** Why the channel went away, once it has; requests written after that fail with it too. */
  private CacheException closedBy;

  void add(PendingRequest<?> request) {
    queue.addLast(request);
  }

  PendingRequest<?> peek() {
    return queue.peekFirst();
  }

  PendingRequest<?> poll() {
    return queue.pollFirst();
  }

  int size() {
    return queue.size();
  }

  /** Fails every request still waiting (the channel is gone) and frees their slots. */
  void failAll(CacheException failure) {
    closedBy = failure;
    PendingRequest<?> request;
    while ((request = queue.pollFirst()) != null) {
      request.releaseSlot();
      request.fail(failure);
    }
  }

  /** The channel is being closed with {@code failure}: requests not yet registered get it too. */
  void closing(CacheException failure) {
    if (closedBy == null) {
      closedBy = failure;
    }
  }

  /** The failure every request of this channel got (or gets) when it closed, or null while it is open. */
  CacheException closedBy() {
    return closedBy;
  }

  /**
   * Fails requests past their deadline; they keep their place so their late answers are still
   * matched and dropped. Returns true when the oldest request is {@code stuckGraceNanos} past its
   * deadline: the server is not answering and the channel should be rebuilt.
   */
  boolean expire(long nowNanos, long stuckGraceNanos) {
    for (PendingRequest<?> request : queue) {
      if (!request.isDone() && nowNanos - request.deadlineNanos() >= 0) {
        request.timeOut(nowNanos);
      }
    }
    PendingRequest<?> oldest = queue.peekFirst();
    return oldest != null && nowNanos - oldest.deadlineNanos() - stuckGraceNanos >= 0;
  }
}
