package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.server.ConnectionRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules a member applies to what other members send it, over a real socket: one cluster node in
 * its own JVM, the test speaking the peer protocol as another member would. Copies are kept by
 * version (the later one wins, whatever the order they arrive in), a delete is remembered so that
 * no older copy comes back, and a request routed by another ring, or arriving after its sender gave
 * up, is refused with nothing applied.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PeerProtocolTest {

    /** A version from before any this node stamps (2020 plus a few milliseconds). */
    private static final long OLD = 5L << 22;
    /** A version from long after any this node stamps. */
    private static final long FUTURE = 1L << 62;

    private static final List<NodeProcess> nodes = new ArrayList<>();
    private static NodeProcess node;
    private static long epoch;

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.start("solo", List.of());
        nodes.add(node);
        ClusterProcessTest.awaitAgreement(nodes, 1);
        epoch = Long.parseLong(ClusterProcessTest.stats(node).get("cluster_epoch"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (NodeProcess n : nodes) {
            n.close();
        }
    }

    @Test
    void aTransferOfADeletedKeyIsRefusedAsOlderAndTheKeyStaysDeleted() throws Exception {
        try (Wire client = new Wire(node.port); Wire peer = peer()) {
            assertThat(client.set("deleted", "v1")).isEqualTo("STORED\r\n");
            assertThat(client.call("delete deleted\r\n", "\r\n")).isEqualTo("DELETED\r\n");

            // the old holder's copy predates the delete: EX, with the version held here (the tombstone's)
            assertThat(peer.call(put("deleted", OLD, "v0", true), "\r\n")).startsWith("EX ");
            assertThat(client.get("deleted")).isEqualTo("END\r\n");
            assertThat(peer.call(get("deleted"), "\r\n")).startsWith("NF ");

            // a key never deleted here is taken
            assertThat(peer.call(put("moved", OLD, "v0", true), "\r\n")).isEqualTo("HD\r\n");
            assertThat(client.value("moved")).isEqualTo("v0");
        }
    }

    @Test
    void theLaterVersionWinsWhateverTheOrderCopiesArriveIn() throws Exception {
        try (Wire client = new Wire(node.port); Wire peer = peer()) {
            assertThat(peer.call(put("k", FUTURE, "newer", false), "\r\n")).isEqualTo("HD\r\n");
            assertThat(peer.call(put("k", FUTURE - 1, "older", false), "\r\n")).isEqualTo("EX " + FUTURE + "\r\n");
            assertThat(client.value("k")).isEqualTo("newer");
            // a client's write here is stamped after every version this node has seen
            assertThat(client.set("k", "client")).isEqualTo("STORED\r\n");
            String copy = peer.call(get("k"), "client\r\n");
            long version = Long.parseUnsignedLong(copy.split(" ")[2]);
            assertThat(Long.compareUnsigned(version, FUTURE)).isPositive();
            // and a delete older than what is held changes nothing
            assertThat(peer.call(delete("k", FUTURE), "\r\n")).startsWith("EX ");
            assertThat(client.value("k")).isEqualTo("client");
        }
    }

    @Test
    void touchGivesTheItemANewVersionAndKeepsItsCasUnique() throws Exception {
        try (Wire client = new Wire(node.port); Wire peer = peer()) {
            assertThat(client.set("t", "x")).isEqualTo("STORED\r\n");
            String[] before = peer.call(get("t"), "x\r\n").split("[ \r\n]+");
            assertThat(client.call("touch t 100\r\n", "\r\n")).isEqualTo("TOUCHED\r\n");
            String[] after = peer.call(get("t"), "x\r\n").split("[ \r\n]+");
            // VA <bytes> <version> <cas> <flags> <expires-at> <marks>
            assertThat(Long.compareUnsigned(Long.parseUnsignedLong(after[2]), Long.parseUnsignedLong(before[2]))).isPositive();
            assertThat(after[3]).isEqualTo(before[3]);
            assertThat(Long.parseLong(after[5])).isGreaterThan(0);
        }
    }

    @Test
    void aRequestRoutedByAnotherRingOrArrivingAfterItsDeadlineAppliesNothing() throws Exception {
        try (Wire client = new Wire(node.port); Wire peer = peer()) {
            String body = "rc_put " + b64("fenced") + " " + FUTURE + " 1 0 0 0 1\r\nx\r\n";
            assertThat(peer.call("rc_ctx " + (epoch + 1) + " " + later() + " 0\r\n" + body, "\r\n"))
                    .startsWith("SERVER_ERROR ring_behind");
            if (epoch > 1) {
                assertThat(peer.call("rc_ctx " + (epoch - 1) + " " + later() + " 0\r\n" + body, "\r\n"))
                        .startsWith("SERVER_ERROR stale_ring");
            }
            assertThat(peer.call("rc_ctx " + epoch + " " + (System.currentTimeMillis() - 1) + " 0\r\n" + body, "\r\n"))
                    .startsWith("SERVER_ERROR expired");
            assertThat(client.get("fenced")).isEqualTo("END\r\n");
        }
    }

    /**
     * A member that forwards a write may pass it to the key's next owner once its deadline has
     * passed, so the owner stamps it only while more than the margin (the local preset's 1 s pause
     * threshold and two watch ticks) is left; a read close to its deadline is still answered.
     */
    @Test
    void aForwardedWriteCloseToItsDeadlineIsRefusedAndAReadIsNot() throws Exception {
        try (Wire client = new Wire(node.port); Wire coordinate = peer(ConnectionRole.PEER_COORDINATE)) {
            assertThat(client.set("close-call", "before")).isEqualTo("STORED\r\n");
            long soon = System.currentTimeMillis() + 600;
            assertThat(coordinate.call("rc_ctx " + epoch + " " + soon + " 0\r\nset close-call 0 0 5\r\nlater\r\n", "\r\n"))
                    .startsWith("SERVER_ERROR expired");
            assertThat(coordinate.call("rc_ctx " + epoch + " " + soon + " 0\r\ndelete close-call\r\n", "\r\n"))
                    .startsWith("SERVER_ERROR expired");
            assertThat(coordinate.call("rc_ctx " + epoch + " " + soon + " 0\r\nget close-call\r\n", "END\r\n"))
                    .isEqualTo("VALUE close-call 0 6\r\nbefore\r\nEND\r\n");
            assertThat(client.value("close-call")).isEqualTo("before");

            assertThat(coordinate.call("rc_ctx " + epoch + " " + later() + " 0\r\nset close-call 0 0 5\r\nlater\r\n", "\r\n"))
                    .isEqualTo("STORED\r\n");
            assertThat(client.value("close-call")).isEqualTo("later");
        }
    }

    @Test
    void anOrdinaryClientCannotUsePeerCommands() throws Exception {
        try (Wire client = new Wire(node.port)) {
            assertThat(client.call(put("intruder", FUTURE, "x", false), "\r\n")).isEqualTo("ERROR\r\n");
            assertThat(client.call(get("intruder"), "\r\n")).isEqualTo("ERROR\r\n");
            assertThat(client.call("rc_flush " + FUTURE + "\r\n", "\r\n")).isEqualTo("ERROR\r\n");
            assertThat(client.get("intruder")).isEqualTo("END\r\n");
        }
    }

    /** A connection to the node's peer listener, past the cluster-secret handshake, as another member's. */
    private static Wire peer() throws Exception {
        return peer(ConnectionRole.PEER_REPLICA);
    }

    private static Wire peer(ConnectionRole role) throws Exception {
        Wire w = new Wire(node.peerPort);
        assertThat(TestSecret.handshake(w, TestSecret.secret(), "other", "solo", role)).isEqualTo("OK\r\n");
        return w;
    }

    private static String put(String key, long version, String value, boolean transfer) {
        return context() + "rc_put " + b64(key) + " " + Long.toUnsignedString(version) + " 7 0 0 0 " + value.length()
                + (transfer ? " t" : "") + "\r\n" + value + "\r\n";
    }

    private static String delete(String key, long version) {
        return context() + "rc_del " + b64(key) + " " + Long.toUnsignedString(version) + "\r\n";
    }

    private static String get(String key) {
        return context() + "rc_get " + b64(key) + "\r\n";
    }

    private static String context() {
        return "rc_ctx " + epoch + " " + later() + " 0\r\n";
    }

    private static long later() {
        return System.currentTimeMillis() + 30_000;
    }

    private static String b64(String key) {
        return Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.US_ASCII));
    }
}
