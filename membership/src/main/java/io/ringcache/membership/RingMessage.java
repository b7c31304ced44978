package io.ringcache.membership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The two messages members exchange about rings, sent point to point over the gossip transport.
 *
 * <pre>
 * announce = type:u8=1  from:str  version-bytes          "here is my ring version"
 * request  = type:u8=2  from:str  epoch:i64  digest:i64  initial:u8
 *                                                          "mine is this; send yours if it differs"
 * str      = length:u16  utf8-bytes                       (from = the sender's gossip address)
 * </pre>
 */
sealed interface RingMessage {

  /** Scalecube message qualifier for ring traffic. */
  String QUALIFIER = "ringcache/ring";

  String from();

  record Announce(String from, byte[] version) implements RingMessage {}

  /** {@code initial}: the sender has just started and wants an answer even if ours is the same. */
  record Request(String from, long epoch, long digest, boolean initial) implements RingMessage {}

  static byte[] encode(RingMessage message) {
    byte[] from = message.from().getBytes(StandardCharsets.UTF_8);
    if (message instanceof Announce a) {
      return ByteBuffer.allocate(1 + 2 + from.length + a.version().length)
          .put((byte) 1).putShort((short) from.length).put(from).put(a.version()).array();
    }
    Request r = (Request) message;
    return ByteBuffer.allocate(1 + 2 + from.length + 8 + 8 + 1)
        .put((byte) 2).putShort((short) from.length).put(from)
        .putLong(r.epoch()).putLong(r.digest()).put((byte) (r.initial() ? 1 : 0)).array();
  }

  static RingMessage decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      int type = in.get();
      byte[] from = new byte[in.getShort() & 0xffff];
      in.get(from);
      String sender = new String(from, StandardCharsets.UTF_8);
      switch (type) {
        case 1 -> {
          byte[] version = new byte[in.remaining()];
          in.get(version);
          return new Announce(sender, version);
        }
        case 2 -> {
          Request r = new Request(sender, in.getLong(), in.getLong(), in.get() != 0);
          if (in.hasRemaining()) {
            throw new IllegalArgumentException("ring message: trailing bytes");
          }
          return r;
        }
        default -> throw new IllegalArgumentException("ring message: unknown type " + type);
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("ring message: truncated", e);
    }
  }
}
