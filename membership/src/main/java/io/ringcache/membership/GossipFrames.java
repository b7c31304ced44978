package io.ringcache.membership;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.crypto.Mac;

/**
 * Every gossip frame sealed with the cluster secret, and opened only if the seal is right and the
 * frame is fresh. Inside scalecube's 4-byte length prefix:
 *
 * <pre>
 * frame = version:u8=1  sent-millis:i64  nonce:16 bytes  body  mac:32 bytes
 * mac   = HMAC-SHA256(k, version sent-millis nonce body),  k = HMAC-SHA256(secret, "ringcache gossip v1")
 * </pre>
 *
 * A frame is refused when it is shorter than a header and a MAC, or longer than {@link #MAX_FRAME},
 * when its MAC is wrong (a stranger: nothing of it is parsed), or when the {@link ReplayGuard} finds
 * it stale or seen before. One instance per channel (a {@link Mac} is not thread-safe).
 */
final class GossipFrames {

  static final String PURPOSE = "ringcache gossip v1";
  static final int VERSION = 1;
  static final int NONCE_BYTES = 16;
  static final int HEADER_BYTES = 1 + 8 + NONCE_BYTES;
  static final int MAC_BYTES = 32;
  /** The largest ring version (1 MiB) and its message around it; scalecube's own messages are far smaller. */
  static final int MAX_FRAME = (1 << 20) + (64 << 10);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Frames refused, for stats; shared by every channel of one member. */
  static final class Counters {
    final LongAdder rejected = new LongAdder();
    final LongAdder forged = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder stale = new LongAdder();
  }

  private final Mac mac;
  private final ReplayGuard guard;
  private final LongSupplier clock;
  private final Counters counters;
  private final byte[] macOut = new byte[MAC_BYTES];

  GossipFrames(ClusterSecret secret, ReplayGuard guard, LongSupplier clock, Counters counters) {
    this.mac = secret.mac(PURPOSE);
    this.guard = guard;
    this.clock = clock;
    this.counters = counters;
  }

  /** The sealed frame of {@code body} (not released here). */
  ByteBuf seal(ByteBuf body, ByteBufAllocator alloc) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    ByteBuf frame = alloc.buffer(HEADER_BYTES + body.readableBytes() + MAC_BYTES);
    frame.writeByte(VERSION).writeLong(clock.getAsLong()).writeBytes(nonce).writeBytes(body, body.readerIndex(),
        body.readableBytes());
    frame.writeBytes(sign(frame, 0, frame.writerIndex()));
    return frame;
  }

  /**
   * The body of {@code frame} (a retained slice), or null when the frame is refused. Does not
   * release {@code frame}.
   */
  ByteBuf open(ByteBuf frame) {
    int length = frame.readableBytes();
    if (length < HEADER_BYTES + MAC_BYTES || length > MAX_FRAME) {
      return refuse(counters.forged);
    }
    int start = frame.readerIndex();
    int macAt = start + length - MAC_BYTES;
    byte[] expected = sign(frame, start, macAt - start);
    int diff = 0;
    for (int i = 0; i < MAC_BYTES; i++) {
      diff |= expected[i] ^ frame.getByte(macAt + i); // constant time: no early exit
    }
    if (diff != 0 || frame.getUnsignedByte(start) != VERSION) {
      return refuse(counters.forged);
    }
    long sent = frame.getLong(start + 1);
    ReplayGuard.Verdict verdict = guard.admit(sent, frame.getLong(start + 9), frame.getLong(start + 17));
    switch (verdict) {
      case FRESH:
        return frame.retainedSlice(start + HEADER_BYTES, macAt - start - HEADER_BYTES);
      case STALE:
        return refuse(counters.stale);
      default:
        return refuse(counters.replayed);
    }
  }

  /** A frame refused before it could be opened (an oversized length prefix): counted as forged. */
  void countRefused() {
    refuse(counters.forged);
  }

  private ByteBuf refuse(LongAdder reason) {
    reason.increment();
    counters.rejected.increment();
    return null;
  }

  private byte[] sign(ByteBuf buf, int from, int length) {
    mac.reset();
    if (buf.hasArray()) {
      mac.update(buf.array(), buf.arrayOffset() + from, length);
    } else {
      ByteBuffer nio = buf.nioBuffer(from, length);
      mac.update(nio);
    }
    try {
      mac.doFinal(macOut, 0);
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException(e);
    }
    return macOut.clone();
  }
}
