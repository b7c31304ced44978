package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.node.NodeSettings;
import io.ringcache.node.security.TestCertificates;
import io.ringcache.node.server.TlsOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutual TLS between members (--peer-tls), three members in this JVM over real sockets: they form a
 * cluster whose peer connections are TLS both ways, replicate through them, and a fourth member
 * whose certificate another CA signed (even with the right cluster secret) gets no peer connection.
 * The LAN failure-detection preset: four members, TLS handshakes and the test in one JVM on a busy
 * 2-core machine miss the local preset's 100 ms ping timeouts and flap.
 */
@Timeout(180)
class PeerTlsTest {

    private final List<ClusterNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        for (ClusterNode n : nodes) {
            n.close();
        }
    }

    private ClusterNode start(String id, TestCertificates.Leaf cert, ClusterNode seed) {
        TlsOptions tls = TlsOptions.parse(List.of("ssl_chain_cert=" + cert.chain() + ",ssl_key=" + cert.key()
                + ",ssl_ca_cert=" + cert.ca()));
        ClusterNode n = ClusterNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1).build(),
                new ClusterSettings(id, seed == null ? List.of() : List.of(seed.gossipAddress()), 0, "127.0.0.1",
                        "default", 100, 2, true, "lan", 0, Duration.ZERO, 0, TestSecret.secret(), tls));
        nodes.add(n);
        return n;
    }

    @Test
    void threeMembersFormAClusterOverMutualTlsAndAStrangersCertificateIsRefused() throws Exception {
        TestCertificates ca = TestCertificates.authority("members");
        ClusterNode a = start("a", ca.leaf("a"), null);
        ClusterNode b = start("b", ca.leaf("b"), a);
        ClusterNode c = start("c", ca.leaf("c"), a);
        for (ClusterNode n : List.of(a, b, c)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    stat(n, "cluster_members").equals("3") && stat(n, "cluster_peers_connected").equals("2"));
        }
        // a write through a is coordinated and replicated over the TLS peer connections
        try (Wire w = new Wire(a.port())) {
            for (int i = 0; i < 20; i++) {
                assertThat(w.set("k" + i, "v" + i)).isEqualTo("STORED\r\n");
            }
        }
        long items = 0;
        for (ClusterNode n : List.of(a, b, c)) {
            items += Long.parseLong(stat(n, "curr_items"));
        }
        assertThat(items).isEqualTo(40); // two copies of each
        // an impostor with the secret but a certificate of another CA: gossip lets it in, TLS does not
        ClusterNode impostor = start("d", TestCertificates.authority("impostors").leaf("d"), a);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> stat(a, "cluster_members").equals("4"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                stat(impostor, "cluster_peers_connected").equals("0") && stat(a, "cluster_peers_connected").equals("2"));
    }

    private static String stat(ClusterNode n, String name) throws IOException {
        try (Wire w = new Wire(n.port())) {
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
