package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import io.ringcache.node.server.ConnectionRole;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A rebalancing transfer must not bring back a key that its new owner deleted after the ring
 * changed: the old holder never saw the delete. One cluster node in its own JVM, its ring just
 * formed; the test speaks the peer protocol itself, as an old holder would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransferAfterDeleteTest {

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (NodeProcess n : nodes) {
            n.close();
        }
    }

    @Test
    void aTransferOfAKeyDeletedSinceTheRingChangedIsRefusedAndTheKeyStaysDeleted() throws Exception {
        NodeProcess node = NodeProcess.start("solo", List.of());
        nodes.add(node);
        ClusterProcessTest.awaitAgreement(nodes, 1);
        try (Wire client = new Wire(node.port); Wire oldHolder = new Wire(node.peerPort)) {
            assertThat(client.set("deleted", "v1")).isEqualTo("STORED\r\n");
            assertThat(client.call("delete deleted\r\n", "\r\n")).isEqualTo("DELETED\r\n");
            assertThat(TestSecret.handshake(oldHolder, TestSecret.secret(), "old-holder", "solo",
                    ConnectionRole.PEER_REPLICA)).isEqualTo("OK\r\n");

            assertThat(oldHolder.call(transfer("deleted", "v0"), "\r\n")).isEqualTo("NS\r\n");
            assertThat(client.get("deleted")).isEqualTo("END\r\n");

            // a key never deleted here is taken as before
            assertThat(oldHolder.call(transfer("moved", "v0"), "\r\n")).isEqualTo("HD\r\n");
            assertThat(client.value("moved")).isEqualTo("v0");
        }
        assertThat(ClusterProcessTest.stats(node).get("rebalance_transfers_deleted")).isEqualTo("1");
    }

    /** A rebalancing transfer as an old holder sends it: a base64 key, flags, no expiry, its CAS unique, mode add. */
    private static String transfer(String key, String value) {
        String b64 = Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.US_ASCII));
        return "ms " + b64 + " " + value.length() + " b F0 T0 E7 ME\r\n" + value + "\r\n";
    }
}
