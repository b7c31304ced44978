package io.ringcache.membership;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.scalecube.cluster.transport.api.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the two things a gossip frame meets: the frame seal ({@link GossipFrames#open}) and our
 * message codec behind it. Under {@code mvn verify} it replays the inputs in
 * {@code GossipCodecFuzzTestInputs/} (milliseconds); to search for new ones for 10 minutes, one
 * method per run: {@code JAZZER_FUZZ=1 mvn -pl membership -am test
 * -Dtest='GossipCodecFuzzTest#anyBytesDecodeToAMessageOrAnIoException' -Dsurefire.failIfNoSpecifiedTests=false}
 * (and {@code #noBytesButASealedFrameOpen}).
 *
 * <p>The properties: arbitrary bytes never open as a frame (only the secret makes a seal), the
 * codec ends every input with a message or an IOException (never another exception, never an
 * allocation beyond the input's size), and what it decodes it encodes again to a message that
 * decodes the same.
 */
class GossipCodecFuzzTest {

  private static final ClusterSecret SECRET = ClusterSecret.of("fuzzing the gossip secret.......".getBytes(StandardCharsets.UTF_8));

  @FuzzTest(maxDuration = "10m")
  void anyBytesDecodeToAMessageOrAnIoException(byte[] input) throws Exception {
    Message message;
    try {
      message = GossipCodec.INSTANCE.deserialize(new ByteArrayInputStream(input));
    } catch (IOException refused) {
      return;
    }
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    GossipCodec.INSTANCE.serialize(message, again);
    Message twice = GossipCodec.INSTANCE.deserialize(new ByteArrayInputStream(again.toByteArray()));
    assertThat(twice.headers()).isEqualTo(message.headers());
  }

  @FuzzTest(maxDuration = "10m")
  void noBytesButASealedFrameOpen(FuzzedDataProvider data) {
    GossipFrames frames = new GossipFrames(SECRET, new ReplayGuard(30_000, 1_000, () -> 1_700_000_000_000L),
        () -> 1_700_000_000_000L, new GossipFrames.Counters());
    ByteBuf frame = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
    try {
      assertThat(frames.open(frame)).isNull();
    } finally {
      frame.release();
    }
  }
}
