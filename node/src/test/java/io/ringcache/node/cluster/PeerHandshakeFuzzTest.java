package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringcache.membership.ClusterSecret;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.server.CommandPipeline;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fuzzes the accepting side of the peer handshake with a stranger's bytes, fed in the chunks the
 * fuzzer chooses. Under {@code mvn verify} it replays the inputs in {@code PeerHandshakeFuzzTestInputs/}
 * (milliseconds); to search for new ones for 10 minutes:
 * {@code JAZZER_FUZZ=1 mvn -pl node -am test -Dtest=PeerHandshakeFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>The properties: the gate never throws out of the pipeline, never lets a command through
 * without the secret, never answers more than a challenge and one refusal, and never holds more
 * than a line's worth of bytes.
 */
class PeerHandshakeFuzzTest {

    private static final ClusterSecret SECRET = ClusterSecret.of("fuzzing the members' secret.....".getBytes(StandardCharsets.UTF_8));

    @FuzzTest(maxDuration = "10m")
    void aStrangersBytesNeverOpenTheGate(FuzzedDataProvider data) {
        AtomicInteger executed = new AtomicInteger();
        CommandPipeline commands = new CommandPipeline(NodeSettings.builder().build(), (command, replies) -> executed.incrementAndGet());
        SecurityStats stats = new SecurityStats(() -> 0);
        EmbeddedChannel ch = new EmbeddedChannel(new PeerGate(new PeerHandshake("server", SECRET), commands, stats));
        try {
            while (data.remainingBytes() > 0 && ch.isActive()) {
                byte[] chunk = data.consumeBytes(1 + data.consumeInt(0, 600));
                ch.writeInbound(Unpooled.wrappedBuffer(chunk));
                ch.checkException();
            }
            assertThat(executed.get()).isZero();
            assertThat(ch.pipeline().get(PeerGate.class) != null || !ch.isActive()).isTrue();
            int answers = 0;
            for (ByteBuf out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
                answers++;
                out.release();
            }
            assertThat(answers).isLessThanOrEqualTo(2);
            assertThat(stats.peerHandshakesAccepted.sum()).isZero();
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
