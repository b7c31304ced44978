package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three ringcache nodes, each in its own JVM on 127.0.0.1 (free ports, the local gossip preset),
 * talked to over real sockets: every node answers every key, the nodes agree on the ring, a plain
 * memcached client works against any node, and no acknowledged write is lost when a node is killed
 * (SIGKILL) or leaves (SIGTERM) while a writer runs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterProcessTest {

    private static final Duration FORM = Duration.ofSeconds(30);
    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (NodeProcess n : nodes) {
            n.close();
        }
    }

    private List<NodeProcess> startThree() {
        startThree(nodes);
        return nodes;
    }

    /** Starts nodes a, b and c (b and c joining through a) into {@code nodes}, and waits until they agree. */
    static void startThree(List<NodeProcess> nodes, String... extra) {
        NodeProcess a = NodeProcess.start("a", List.of(), extra);
        nodes.add(a);
        nodes.add(NodeProcess.start("b", List.of(a), extra));
        nodes.add(NodeProcess.start("c", List.of(a), extra));
        awaitAgreement(nodes, 3);
    }

    /**
     * Every given node reports the same epoch and fingerprint, with {@code members} members. A node
     * that exited fails this at once, with its log (waiting out the bound would hide why).
     */
    static void awaitAgreement(List<NodeProcess> live, int members) {
        await().atMost(FORM).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .failFast("a node exited", () -> NodeProcess.allAlive(live)).untilAsserted(() -> {
            Set<String> rings = new HashSet<>();
            for (NodeProcess n : live) {
                Map<String, String> stats = stats(n);
                assertThat(stats.get("cluster_members")).as(n.nodeId).isEqualTo(Integer.toString(members));
                assertThat(stats.get("cluster_peers_connected")).as(n.nodeId).isEqualTo(Integer.toString(members - 1));
                rings.add(stats.get("cluster_epoch") + "/" + stats.get("cluster_fingerprint"));
            }
            assertThat(rings).hasSize(1);
        });
    }

    static Map<String, String> stats(NodeProcess n) throws IOException {
        try (Wire w = new Wire(n.port)) {
            Map<String, String> stats = new ConcurrentHashMap<>();
            for (String line : w.call("stats\r\n", "END\r\n").split("\r\n")) {
                String[] parts = line.split(" ");
                if (parts.length == 3) {
                    stats.put(parts[1], parts[2]);
                }
            }
            return stats;
        }
    }

    @Test
    void everyKeyWrittenThroughAnyNodeReadsBackThroughEveryNode() throws Exception {
        startThree();
        for (int i = 0; i < 300; i++) {
            try (Wire w = new Wire(nodes.get(i % 3).port)) {
                assertThat(w.set("k" + i, "v" + i)).isEqualTo("STORED\r\n");
            }
        }
        for (NodeProcess n : nodes) {
            try (Wire w = new Wire(n.port)) {
                for (int i = 0; i < 300; i++) {
                    assertThat(w.value("k" + i)).as("k%d through %s", i, n.nodeId).isEqualTo("v" + i);
                }
                // a multi-get spanning all owners comes back whole and in the order asked
                assertThat(w.call("get k5 k4 k3 k2 k1\r\n", "END\r\n")).isEqualTo(
                        "VALUE k5 0 2\r\nv5\r\nVALUE k4 0 2\r\nv4\r\nVALUE k3 0 2\r\nv3\r\nVALUE k2 0 2\r\nv2\r\nVALUE k1 0 2\r\nv1\r\nEND\r\n");
            }
        }
        // with RF = 2, each key is held by two of the three nodes
        long items = 0;
        for (NodeProcess n : nodes) {
            items += Long.parseLong(stats(n).get("curr_items"));
        }
        assertThat(items).isEqualTo(600);
    }

    /** rc_topology watch pushes the new ring, with the new member's address, when a fourth node joins. */
    @Test
    void aWatchingConnectionGetsEveryNewRing() throws Exception {
        startThree();
        try (Wire watch = new Wire(nodes.get(0).port).readTimeout(FORM)) {
            watch.send("rc_topology watch\r\n");
            assertThat(watch.topologyBlock()).containsExactlyInAnyOrder("a", "b", "c");
            nodes.add(NodeProcess.start("d", List.of(nodes.get(0))));
            long deadline = System.nanoTime() + FORM.toNanos();
            List<String> members = List.of();
            while (!members.contains("d") && System.nanoTime() < deadline) {
                members = watch.topologyBlock(); // blocks until the next push (a join on a busy machine took over 5 s)
            }
            assertThat(members).containsExactlyInAnyOrder("a", "b", "c", "d");
        }
    }

    @Test
    void aThirdPartyClientWorksAgainstAnyNode() throws Exception {
        startThree();
        MemcachedClient spy = new MemcachedClient(new InetSocketAddress("127.0.0.1", nodes.get(1).port));
        try {
            for (int i = 0; i < 50; i++) {
                assertThat(spy.set("s" + i, 0, "value-" + i).get(5, TimeUnit.SECONDS)).isTrue();
            }
            Map<String, Object> all = spy.getBulk(List.of("s1", "s2", "s3", "s4", "s40"));
            assertThat(all).containsEntry("s1", "value-1").containsEntry("s40", "value-40").hasSize(5);
            assertThat(spy.incr("counter", 5, 10)).isEqualTo(10);
            assertThat(spy.incr("counter", 5)).isEqualTo(15);
            var cas = spy.gets("s7");
            assertThat(spy.cas("s7", cas.getCas(), "changed")).isEqualTo(net.spy.memcached.CASResponse.OK);
        } finally {
            spy.shutdown(5, TimeUnit.SECONDS);
        }
        try (Wire w = new Wire(nodes.get(2).port)) {
            assertThat(w.value("s7")).isEqualTo("changed");
            assertThat(w.call("incr counter 1\r\n", "\r\n")).isEqualTo("16\r\n");
        }
    }

    @Test
    void noAcknowledgedWriteIsLostWhenANodeIsKilled() throws Exception {
        startThree();
        Outcome outcome = writeThrough(nodes.get(0), nodes.get(2), true);
        System.out.printf("MEASURED kill -9 with RF=2: acked=%d lost=%d failed=%d error-window-ms=%d%n",
                outcome.acked.size(), outcome.lost, outcome.failed, outcome.errorWindowMillis());
        assertThat(outcome.lost).isZero();
        assertThat(outcome.acked.size()).isGreaterThan(500);
    }

    @Test
    void noAcknowledgedWriteIsLostWhenANodeLeaves() throws Exception {
        startThree();
        Outcome outcome = writeThrough(nodes.get(0), nodes.get(2), false);
        System.out.printf("MEASURED graceful leave with RF=2: acked=%d lost=%d failed=%d error-window-ms=%d%n",
                outcome.acked.size(), outcome.lost, outcome.failed, outcome.errorWindowMillis());
        assertThat(outcome.lost).isZero();
    }

    /**
     * With RF 1 a node's items live only there: a graceful leave (SIGTERM) hands each to its new
     * owner before the process exits, flags and expiry kept, so every item reads back from the nodes
     * that stay and none is held twice.
     */
    @Test
    void withRfOneAGracefulLeaveHandsEveryItemToItsNewOwner() throws Exception {
        startThree(nodes, "--rf", "1");
        int count = 3_000;
        try (Wire w = new Wire(nodes.get(0).port)) {
            for (int i = 0; i < count; i++) {
                String value = "value-" + i;
                assertThat(w.call("set h" + i + " " + (i % 7) + " 3600 " + value.length() + "\r\n" + value + "\r\n", "\r\n"))
                        .isEqualTo("STORED\r\n");
            }
        }
        NodeProcess leaver = nodes.get(2);
        long heldByLeaver = Long.parseLong(stats(leaver).get("curr_items"));
        assertThat(heldByLeaver).as("the leaver's share of %d items", count).isGreaterThan(count / 6);

        long t0 = System.nanoTime();
        leaver.terminate();
        long exitMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(leaver.isAlive()).isFalse();
        List<NodeProcess> survivors = nodes.subList(0, 2);
        awaitAgreement(survivors, 2);
        for (NodeProcess n : survivors) {
            try (Wire r = new Wire(n.port)) {
                for (int i = 0; i < count; i++) {
                    String value = "value-" + i;
                    assertThat(r.get("h" + i)).as("h%d through %s", i, n.nodeId)
                            .isEqualTo("VALUE h" + i + " " + (i % 7) + " " + value.length() + "\r\n" + value + "\r\nEND\r\n");
                }
                assertThat(r.call("mg h1 t\r\n", "\r\n")).as("expiry kept").matches("HD t3[0-9]{3}\r\n");
            }
        }
        long items = 0;
        for (NodeProcess n : survivors) {
            items += Long.parseLong(stats(n).get("curr_items"));
        }
        assertThat(items).isEqualTo(count);
        String handoff = leaver.logText().lines().filter(l -> l.contains("leaving: handed")).findFirst().orElse("(no line)");
        System.out.printf("MEASURED graceful leave with RF=1: leaver held %d of %d items, SIGTERM to exit %d ms; %s%n",
                heldByLeaver, count, exitMillis, handoff.substring(handoff.indexOf("leaving:")));
    }

    /**
     * When every node stops at once (Ctrl-C on bin/ringcache-cluster), each finds that the others
     * are leaving too and exits promptly instead of retrying its handoff for the whole leave timeout.
     */
    @Test
    void nodesStoppedTogetherExitPromptly() throws Exception {
        startThree(nodes, "--rf", "1", "--leave-timeout", "60");
        try (Wire w = new Wire(nodes.get(0).port)) {
            for (int i = 0; i < 300; i++) {
                assertThat(w.set("s" + i, "v" + i)).isEqualTo("STORED\r\n");
            }
        }
        long t0 = System.nanoTime();
        nodes.forEach(NodeProcess::signalTerm);
        for (NodeProcess n : nodes) {
            assertThat(n.awaitExit(Duration.ofSeconds(20))).as("%s exits well within its 60 s leave timeout", n.nodeId).isTrue();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("MEASURED three nodes stopped together: all exited %d ms after SIGTERM%n", millis);
        for (NodeProcess n : nodes) {
            n.logText().lines().filter(l -> l.contains("leaving:")).forEach(l -> System.out.println("  " + n.nodeId + ": " + l));
            assertThat(n.logText()).as(n.nodeId).contains("the cluster is stopping");
        }
    }

    private static final class Outcome {
        final Map<String, String> acked = new ConcurrentHashMap<>();
        long lost;
        long failed;
        long firstErrorNanos;
        long lastErrorNanos;

        long errorWindowMillis() {
            return failed == 0 ? 0 : (lastErrorNanos - firstErrorNanos) / 1_000_000;
        }
    }

    /**
     * Writes unique keys through {@code entry} (bounded: 3,000 writes or 20 s), stops {@code victim}
     * a third of the way in, and afterwards reads every acknowledged key back through every
     * surviving node once the two agree on a two-member ring.
     */
    private Outcome writeThrough(NodeProcess entry, NodeProcess victim, boolean crash) throws Exception {
        Outcome o = new Outcome();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Wire w = new Wire(entry.port);
        for (int i = 0; i < 3_000 && System.nanoTime() < deadline; i++) {
            if (i == 1_000) {
                if (crash) {
                    victim.kill();
                } else {
                    victim.terminate();
                }
            }
            String key = "w" + i;
            String value = "value-" + i;
            try {
                String answer = w.set(key, value);
                if (answer.equals("STORED\r\n")) {
                    o.acked.put(key, value);
                } else {
                    noteError(o);
                }
            } catch (IOException e) {
                noteError(o);
                w.close();
                w = new Wire(entry.port);
            }
        }
        w.close();
        List<NodeProcess> survivors = nodes.stream().filter(n -> n != victim).toList();
        awaitAgreement(survivors, 2);
        for (NodeProcess n : survivors) {
            try (Wire r = new Wire(n.port)) {
                for (Map.Entry<String, String> e : o.acked.entrySet()) {
                    if (!e.getValue().equals(r.value(e.getKey()))) {
                        o.lost++;
                    }
                }
            }
        }
        return o;
    }

    private static void noteError(Outcome o) {
        long now = System.nanoTime();
        if (o.failed == 0) {
            o.firstErrorNanos = now;
        }
        o.lastErrorNanos = now;
        o.failed++;
    }
}
