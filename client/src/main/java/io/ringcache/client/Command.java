package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One request as a typed value: it knows its bytes, the shape of its answer, and how to read that
 * answer. Commands are immutable and may be sent more than once (retries, replicas).
 *
 * @param <T> the result type
 */
public interface Command<T> {

  /** The framing of the answer; {@link ResponseShape#NONE} for noreply requests. */
  ResponseShape shape();

  /** The complete request (line and data block). Ownership of the buffer passes to the caller. */
  ByteBuf encode(ByteBufAllocator allocator);

  /**
   * Reads the answer. {@code frame} holds exactly one response and is valid only during the call
   * (retain it to keep it). Error answers throw the matching {@link CacheException}.
   */
  T decode(ByteBuf frame);

  /** The key this command is routed by; null for commands that go to a chosen node (stats, flush). */
  default byte[] routingKey() {
    return null;
  }

  /**
   * True when sending this command twice leaves the same state as sending it once, so a request whose
   * outcome is unknown (its connection was lost, it timed out) may be sent again to another owner.
   */
  default boolean idempotent() {
    return false;
  }
}
