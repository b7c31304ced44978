package io.ringcache.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sealing and opening gossip frames: only a member's fresh frame opens, and only once. */
class GossipFramesTest {

  private static final ClusterSecret SECRET = ClusterSecret.of(utf8("the members' secret, 32 bytes...."));
  private static final ClusterSecret STRANGER = ClusterSecret.of(utf8("somebody else's secret, 32 bytes."));

  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final ReplayGuard guard = new ReplayGuard(30_000, 1_000, now::get);
  private final GossipFrames.Counters counters = new GossipFrames.Counters();
  private final GossipFrames frames = new GossipFrames(SECRET, guard, now::get, counters);

  @Test
  void aSealedFrameOpensToItsBodyOnceAndAReplayIsRefused() {
    ByteBuf frame = seal(frames, "ping");
    assertThat(open(frame.retainedDuplicate())).isEqualTo("ping");
    assertThat(open(frame)).isNull();
    assertThat(counters.replayed.sum()).isEqualTo(1);
  }

  @Test
  void aFrameSealedWithAnotherSecretIsRefused() {
    GossipFrames stranger = new GossipFrames(STRANGER, new ReplayGuard(30_000, 10, now::get), now::get,
        new GossipFrames.Counters());
    assertThat(open(seal(stranger, "join me"))).isNull();
    assertThat(counters.forged.sum()).isEqualTo(1);
  }

  @Test
  void anyFlippedBitIsRefused() {
    ByteBuf frame = seal(frames, "ring epoch 5");
    for (int i = 0; i < frame.readableBytes(); i++) {
      ByteBuf copy = frame.copy();
      copy.setByte(i, copy.getByte(i) ^ 0x01);
      assertThat(open(copy)).as("bit flipped in byte %d", i).isNull();
    }
    frame.release();
    assertThat(counters.forged.sum()).isEqualTo(counters.rejected.sum());
  }

  @Test
  void framesOlderOrNewerThanTheWindowAreRefused() {
    ByteBuf old = seal(frames, "old");
    now.addAndGet(30_001);
    assertThat(open(old)).isNull();
    ByteBuf ahead = seal(frames, "from the future");
    now.addAndGet(-60_002);
    assertThat(open(ahead)).isNull();
    assertThat(counters.stale.sum()).isEqualTo(2);
  }

  @Test
  void framesTooShortOrTooLongAreRefusedWithoutReadingThem() {
    assertThat(open(Unpooled.wrappedBuffer(new byte[GossipFrames.HEADER_BYTES + GossipFrames.MAC_BYTES - 1]))).isNull();
    assertThat(open(Unpooled.wrappedBuffer(new byte[GossipFrames.MAX_FRAME + 1]))).isNull();
    assertThat(counters.forged.sum()).isEqualTo(2);
  }

  @Test
  void theReplayRecordIsBoundedAndForgetsWhatLeftTheWindow() {
    ReplayGuard small = new ReplayGuard(1_000, 3, now::get);
    for (int i = 0; i < 3; i++) {
      assertThat(small.admit(now.get(), i, i)).isEqualTo(ReplayGuard.Verdict.FRESH);
    }
    assertThat(small.admit(now.get(), 9, 9)).isEqualTo(ReplayGuard.Verdict.FULL);
    now.addAndGet(1_001);
    assertThat(small.admit(now.get(), 9, 9)).isEqualTo(ReplayGuard.Verdict.FRESH);
    assertThat(small.remembered()).isEqualTo(1);
  }

  private static ByteBuf seal(GossipFrames with, String body) {
    ByteBuf b = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    try {
      return with.seal(b, ByteBufAllocator.DEFAULT);
    } finally {
      b.release();
    }
  }

  /** The opened body as text, or null when refused; releases the frame. */
  private String open(ByteBuf frame) {
    try {
      ByteBuf body = frames.open(frame);
      if (body == null) {
        return null;
      }
      try {
        return body.toString(StandardCharsets.UTF_8);
      } finally {
        body.release();
      }
    } finally {
      frame.release();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
