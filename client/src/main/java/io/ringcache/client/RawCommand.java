package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A request forwarded as bytes, answered with the raw answer bytes: a node relays a peer's answer
 * without decoding and re-encoding it. One-shot: its buffer is handed over on the first encode.
 */
final class RawCommand implements Command<ByteBuf> {
  private final ResponseShape shape;
  private ByteBuf request;

  RawCommand(ByteBuf request, ResponseShape shape) {
    this.request = request;
    this.shape = shape;
  }

  @Override
  public ResponseShape shape() {
    return shape;
  }

  @Override
  public ByteBuf encode(ByteBufAllocator allocator) {
    ByteBuf taken = request;
    if (taken == null) {
      throw new IllegalStateException("a forwarded request can be sent only once");
    }
    request = null;
    return taken;
  }

  @Override
  public ByteBuf decode(ByteBuf frame) {
    return frame.retainedSlice();
  }
}
