package io.ringcache.node.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.node.faults.TextClient.Reply;
import io.ringcache.node.faults.TextClient.Shape;
import io.ringcache.ring.Ring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node JVMs of one scenario, with what the harness asks of them: agreement on a ring, the end of
 * rebalancing, each node's stats, the ring itself (to name a key's owners) and the read-back of
 * every key through every node. Closing it kills every node it started.
 */
final class FaultCluster implements AutoCloseable {

    static final Duration FORM = Duration.ofSeconds(60);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final int READ_ATTEMPTS = 3;

    private final Layout layout;
    private final Path logDir;
    private final List<String> extra;
    private final List<NodeJvm> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Kills the nodes if the test JVM is stopped before {@link #close} (node JVMs outlive their parent). */
    private final Thread killOnExit = new Thread(this::killAll, "fault-cluster-cleanup");

    FaultCluster(Layout layout, Path logDir, List<String> extra) {
        this.layout = layout;
        this.logDir = logDir;
        this.extra = List.copyOf(extra);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts {@code count} nodes named a, b, c... (the others join through the first) and waits until they agree. */
    FaultCluster startNodes(int count) {
        for (int i = 0; i < count; i++) {
            add();
        }
        awaitAgreement(nodes, count);
        return this;
    }

    /** Starts one more node, joining through the first; does not wait. */
    NodeJvm add() {
        int index = nodes.size();
        String id = String.valueOf((char) ('a' + index));
        List<String> seeds = nodes.isEmpty() ? List.of() : List.of(nodes.get(0).gossipAddress());
        NodeJvm n = layout.node(id, index, seeds, extra, logDir).start();
        nodes.add(n);
        return n;
    }

    List<NodeJvm> nodes() {
        return List.copyOf(nodes);
    }

    NodeJvm node(String id) {
        return nodes.stream().filter(n -> n.nodeId.equals(id)).findFirst().orElseThrow();
    }

    List<NodeJvm> live() {
        return nodes.stream().filter(NodeJvm::isAlive).toList();
    }

    /** The node's {@code stats}, name to value. */
    static Map<String, String> stats(NodeJvm n) throws IOException {
        try (TextClient c = new TextClient(List.of(n.named()), PROBE_TIMEOUT)) {
            Reply r = c.call("stats\r\n", Shape.LINES);
            if (!r.answered() || r.value() == null) {
                throw new IOException(n.nodeId + " stats: " + r.text());
            }
            Map<String, String> stats = new HashMap<>();
            for (String line : r.value().split("\n")) {
                String[] parts = line.split(" ");
                if (parts.length == 3) {
                    stats.put(parts[1], parts[2]);
                }
            }
            return stats;
        }
    }

    /** Every given node reports the same ring (epoch and fingerprint) of {@code members} members, all connected. */
    static void awaitAgreement(List<NodeJvm> live, int members) {
        awaitAgreement(live, members, FORM);
    }

    static void awaitAgreement(List<NodeJvm> live, int members, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            Set<String> rings = new HashSet<>();
            for (NodeJvm n : live) {
                Map<String, String> stats = stats(n);
                assertThat(stats.get("cluster_members")).as(n.nodeId).isEqualTo(Integer.toString(members));
                assertThat(stats.get("cluster_peers_connected")).as(n.nodeId).isEqualTo(Integer.toString(members - 1));
                rings.add(stats.get("cluster_epoch") + "/" + stats.get("cluster_fingerprint"));
            }
            assertThat(rings).hasSize(1);
        });
    }

    /**
     * Agreement, then every node done moving data for the newest ring (rebalance_running 0), every key
     * settled (cluster_settled 1) and every hinted write delivered (hints_queued 0): a write a node
     * acknowledged while an owner did not answer reaches that owner by its hint.
     */
    static void awaitSettled(List<NodeJvm> live, int members, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        awaitAgreement(live, members, atMost);
        Duration left = Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
        await().atMost(left).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            for (NodeJvm n : live) {
                java.util.Map<String, String> stats = stats(n);
                assertThat(stats.get("rebalance_running")).as(n.nodeId + " rebalancing").isEqualTo("0");
                assertThat(stats.get("cluster_settled")).as(n.nodeId + " settled").isEqualTo("1");
                assertThat(stats.get("hints_queued")).as(n.nodeId + " hints waiting").isEqualTo("0");
            }
        });
    }

    /** The ring {@code n} uses now, decoded from its rc_topology answer. */
    static Ring ring(NodeJvm n) throws IOException {
        try (TextClient c = new TextClient(List.of(n.named()), PROBE_TIMEOUT)) {
            return Ring.decode(c.topology().ring());
        }
    }

    /** The key's owners on {@code ring}, primary first. */
    static List<String> owners(Ring ring, String key) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        int[] out = new int[ring.members().size()];
        int count = ring.preferenceList(k, 0, k.length, out);
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            owners.add(ring.members().get(out[i]).nodeId());
        }
        return owners;
    }

    /** Sum of {@code evictions} over the given nodes. */
    static long evictions(Collection<NodeJvm> live) throws IOException {
        long sum = 0;
        for (NodeJvm n : live) {
            sum += Long.parseLong(stats(n).getOrDefault("evictions", "0"));
        }
        return sum;
    }

    /**
     * Gets every key through every given node (a plain {@code get}: the node routes it as for any
     * client). A key whose read fails is tried again on a new connection, {@value #READ_ATTEMPTS}
     * times; then it is recorded as an error.
     */
    static Readback readBack(Collection<String> keys, List<NodeJvm> via, Readback into) {
        for (NodeJvm n : via) {
            try (TextClient c = new TextClient(List.of(n.named()), PROBE_TIMEOUT)) {
                for (String key : keys) {
                    into.record(key, n.nodeId, readOne(c, key));
                }
            }
        }
        return into;
    }

    private static String readOne(TextClient c, String key) {
        String why = "";
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            Reply r = c.call("get " + key + "\r\n", Shape.VALUES);
            if (r.answered() && r.value() != null) {
                return r.value();
            }
            if (r.answered() && r.text().equals("END")) {
                return Op.MISS;
            }
            why = r.text();
        }
        return Readback.ERROR_PREFIX + why;
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is doing this
        }
    }

    private synchronized void killAll() {
        for (NodeJvm n : nodes) {
            try {
                n.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
