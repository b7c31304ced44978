package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.node.protocol.Command;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The one place peer answers are read: each answer line and what it means to the sender. */
class PeerStatusTest {

    private static ByteBuf answer(String text) {
        return Unpooled.copiedBuffer(text.replace("|", "\r\n"), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "HD|; DONE; true; false",
        "EX 123|; HELD_NEWER; true; false",
        "VA 1 5 5 0 0 0|x|; COPY; false; false",
        "NF 77|; TOMBSTONE; false; false",
        "EN|; MISSING; false; false",
        "SERVER_ERROR joining: no ring yet, nothing applied|; JOINING; false; true",
        "SERVER_ERROR stale_ring: the sender's ring is older|; STALE_RING; false; true",
        "SERVER_ERROR ring_behind: this node's ring is older|; RING_BEHIND; false; true",
        "SERVER_ERROR expired: gave up|; EXPIRED; false; true",
        "SERVER_ERROR no_quorum: too few|; NO_QUORUM; false; true",
        "SERVER_ERROR paused: checking|; PAUSED; false; true",
        "SERVER_ERROR leaving: handing off|; LEAVING; false; true",
        "SERVER_ERROR not_owner: not an owner|; NOT_OWNER; false; true",
        "SERVER_ERROR unsettled: could not ask|; UNSETTLED; false; true",
        "SERVER_ERROR out of memory storing object|; ANSWER; false; false",
        "SERVER_ERROR joiningsoon|; ANSWER; false; false",
        "STORED|; ANSWER; false; false",
        "VALUE k 0 1|x|END|; ANSWER; false; false",
        "HDX|; ANSWER; false; false",
    })
    void eachAnswerMeansOneThing(String text, PeerStatus expected, boolean taken, boolean refused) {
        ByteBuf b = answer(text);
        PeerStatus status = PeerStatus.of(b);
        assertThat(status).isEqualTo(expected);
        assertThat(status.taken()).isEqualTo(taken);
        assertThat(status.refused()).isEqualTo(refused);
        b.release();
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void everyRefusalThisNodeSendsIsReadBackAsSuch(Refusal refusal) {
        ByteBuf b = Unpooled.wrappedBuffer(refusal.line());
        PeerStatus status = PeerStatus.of(b);
        if (refusal == Refusal.UNKNOWN_OUTCOME || refusal == Refusal.UNREACHABLE) {
            assertThat(status).isEqualTo(PeerStatus.ANSWER); // relayed to the client as they are
        } else {
            assertThat(status.name()).isEqualTo(refusal.name());
            assertThat(status.refused()).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // a quiet mg hides a miss but still answers a hit, as memcached 1.6.18 does
        "mg k q; HD|; HD|",
        "mg k q; EN|; ''",
        "mg k v q; VA 1|x|; VA 1|x|",
        "md k q; HD|; ''",
        "md k q; NF|; NF|",
        "ms k q; NS|; NS|",
    })
    void quietMetaAnswersAreSilencedExactlyAsThisNodeWouldSilenceThem(String request, String owners, String client) {
        Command command = metaCommand(request);
        ByteBuf out = Forwarding.silence(command, answer(owners));
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(client.replace("|", "\r\n"));
        out.release();
    }

    /** Decodes one meta command line as the node does (ms gets a one-byte value). */
    private static Command metaCommand(String line) {
        String wire = line.startsWith("ms ") ? line.replaceFirst("^ms (\\S+)", "ms $1 1") + "\r\nx\r\n" : line + "\r\n";
        io.netty.channel.embedded.EmbeddedChannel channel = new io.netty.channel.embedded.EmbeddedChannel(
                new io.ringcache.node.protocol.CommandDecoder(2048, 65536, 1 << 20));
        channel.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.US_ASCII));
        Command command = channel.readInbound();
        channel.finishAndReleaseAll();
        assertThat(command).isNotNull().isNotInstanceOf(Command.Invalid.class);
        return command;
    }
}
