package io.ringcache.node.binary;

import static io.ringcache.node.binary.Bin.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.node.CacheNode;
import io.ringcache.node.ManualClock;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.conformance.Feed;
import io.ringcache.node.conformance.RawClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The binary protocol where ringcache deliberately differs from memcached 1.6.18, and its limits and
 * clock, on a node alone (the answers memcached shares are in {@link BinaryConformanceTest}).
 */
class BinaryProtocolTest {

    private CacheNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private InetSocketAddress start(NodeSettings.Builder settings) {
        node = CacheNode.start(settings.host("127.0.0.1").port(0).eventLoopThreads(1).build());
        return node.address();
    }

    /**
     * memcached answers an opcode it does not serve and then skips bodylen more bytes after the extras
     * and key it already read, swallowing the start of the next request; ringcache skips exactly the
     * rest of the body, so the next request is answered.
     */
    @Test
    void anOpcodeWithABodyThatIsNotServedKeepsTheStreamInStep() throws Exception {
        try (BinarySession s = new BinarySession(start(NodeSettings.builder()), Feed.whole())) {
            List<BinaryPacket> answers = s.send(raw(VERBOSITY, new byte[4], new byte[0], new byte[0]),
                    raw(0x41, new byte[3], BinaryPacket.ascii("key"), BinaryPacket.ascii("value")), set("k", "v"), get(GET, "k"));
            assertThat(answers).extracting(BinaryPacket::status).containsExactly(0x81, 0x81, 0, 0);
            assertThat(answers.get(0).valueText()).isEqualTo("Unknown command");
            assertThat(answers.get(3).valueText()).isEqualTo("v");
        }
    }

    @Test
    void expiryFollowsTheNodeClockAndTouchAndGatResetIt() throws Exception {
        ManualClock clock = new ManualClock(1_800_000_000_000L);
        try (BinarySession s = new BinarySession(start(NodeSettings.builder().clock(clock)), Feed.whole())) {
            s.send(store(SET, "short", 0, 10, "v", 0), store(SET, "touched", 0, 10, "v", 0),
                    store(SET, "gat", 0, 10, "v", 0));
            clock.advance(Duration.ofSeconds(5));
            assertThat(s.send(gat(TOUCH, "touched", 100), gat(GAT, "gat", 100))).extracting(BinaryPacket::status)
                    .containsExactly(0, 0);
            clock.advance(Duration.ofSeconds(6));
            List<BinaryPacket> answers = s.send(get(GET, "short"), get(GET, "touched"), get(GET, "gat"),
                    gat(TOUCH, "short", 100));
            assertThat(answers).extracting(BinaryPacket::status).containsExactly(1, 0, 0, 1);
        }
    }

    @Test
    void aPartialRequestIsClosedAfterTheReadTimeout() throws Exception {
        InetSocketAddress address = start(NodeSettings.builder().readTimeout(Duration.ofMillis(300)));
        try (RawClient client = RawClient.connect(address)) {
            byte[] request = get(GET, "k").bytes(1);
            client.send(java.util.Arrays.copyOf(request, 10)); // the header's first 10 bytes, then nothing
            await().atMost(Duration.ofSeconds(10)).until(client::awaitClosed);
        }
        try (BinarySession s = new BinarySession(address, Feed.whole())) {
            assertThat(s.send(set("k", "v")).get(0).status()).as("other connections go on").isZero();
        }
    }

    @Test
    void aNodeThatRelaysOtherNodesAnswersRefusesBinary() throws Exception {
        node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1).build(),
                CacheNode.Parts::local);
        try (RawClient client = RawClient.connect(node.address())) {
            client.send(get(GET, "k").bytes(1));
            assertThat(RawClient.text(client.readToEnd())).isEqualTo("ERROR\r\n");
        }
    }
}
