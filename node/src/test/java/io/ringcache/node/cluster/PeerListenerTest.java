package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.membership.ClusterSecret;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.server.ConnectionRole;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers apart from clients, over real sockets on one in-process member: the client port knows no
 * peer command, and the peer listener executes nothing before a handshake with the cluster secret.
 */
@Timeout(60)
class PeerListenerTest {

    private static ClusterNode node;

    @BeforeAll
    static void start() {
        node = ClusterNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1).build(),
                new ClusterSettings("solo", List.of(), 0, "127.0.0.1", "default", 100, 1, true, "local", 0,
                        Duration.ZERO, 0, TestSecret.secret(), null));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> stat("cluster_members").equals("1"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theClientPortAnswersEveryPeerCommandWithMemcachedsErrorAndStaysAClientConnection() throws IOException {
        try (Wire client = new Wire(node.port())) {
            for (String peerCommand : List.of("rc_peer x 0 replica", "rc_peer x 0 coordinate", "rc_hello x 00",
                    "rc_challenge x 00 00")) {
                assertThat(client.call(peerCommand + "\r\n", "\r\n")).as(peerCommand).isEqualTo("ERROR\r\n");
            }
            // still a client: its write is coordinated (the one key is counted once, as a client write)
            assertThat(client.set("after-peer-words", "v")).isEqualTo("STORED\r\n");
            assertThat(client.value("after-peer-words")).isEqualTo("v");
        }
    }

    @Test
    void thePeerListenerIsSeparateAndBoundToTheListenAddress() {
        assertThat(node.peerAddress().getPort()).isNotEqualTo(node.port());
        assertThat(node.peerAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void aMemberWithTheSecretIsAcceptedInTheRoleItNames() throws IOException {
        try (Wire peer = new Wire(node.peerAddress().getPort())) {
            assertThat(TestSecret.handshake(peer, TestSecret.secret(), "other", "solo", ConnectionRole.PEER_REPLICA))
                    .isEqualTo("OK\r\n");
            // a replica image is applied as it is (meta set with a base64 key, as replicas are sent)
            assertThat(peer.call("ms cmVwbGljYQ== 1 b F0 T0 E5\r\nr\r\n", "\r\n")).isEqualTo("HD\r\n");
        }
        try (Wire client = new Wire(node.port())) {
            assertThat(client.value("replica")).isEqualTo("r");
        }
    }

    @Test
    void aNodeWithAnotherSecretCannotOpenAPeerConnection() throws IOException {
        ClusterSecret wrong = ClusterSecret.read(TestSecret.newFile());
        String refusedBefore = stat("peer_handshakes_refused");
        try (Wire stranger = new Wire(node.peerAddress().getPort())) {
            assertThat(TestSecret.handshake(stranger, wrong, "other", "solo", ConnectionRole.PEER_COORDINATE))
                    .isEqualTo("SERVER_ERROR peer authentication failed\r\n");
            assertThat(stranger.closedByPeer()).isTrue();
        }
        assertThat(Long.parseLong(stat("peer_handshakes_refused"))).isGreaterThan(Long.parseLong(refusedBefore));
    }

    @Test
    void aMemcachedClientOnThePeerPortGetsErrorAndIsClosed() throws IOException {
        try (Wire stranger = new Wire(node.peerAddress().getPort())) {
            assertThat(stranger.call("set k 0 0 1\r\n", "\r\n")).isEqualTo("ERROR\r\n");
            assertThat(stranger.closedByPeer()).isTrue();
        }
        try (Wire client = new Wire(node.port())) {
            assertThat(client.get("k")).isEqualTo("END\r\n");
        }
    }

    private static String stat(String name) throws IOException {
        try (Wire w = new Wire(node.port())) {
            for (String line : w.call("stats\r\n", "END\r\n").split("\r\n")) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[1].equals(name)) {
                    return parts[2];
                }
            }
        }
        throw new AssertionError("no stat " + name);
    }
}
