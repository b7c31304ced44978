package io.ringcache.node.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.client.BlockingCacheClient;
import io.ringcache.client.ClientSettings;
import io.ringcache.client.ClusterClient;
import io.ringcache.client.Transcoders;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault injection on loopback: three node JVMs (RF 2, local preset, sync replication), four writers
 * of their own keys, one fault on a schedule while they write, then the whole history judged
 * against what every node answers ({@link HistoryChecker}). Each test prints and writes its
 * {@code FAULTS} line (target/faults/) and fails on any lost write, undone delete, double-applied or
 * backwards counter, or expiry violation.
 *
 * <p>Tags: {@code faults-ci} scenarios pass on main and run in every {@code mvn verify};
 * {@code faults} ones run only with {@code -Pfaults} (or bin/ringcache-faults) until the cluster
 * passes them.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FaultScenariosTest {

    static final int WRITERS = 4;

    private FaultCluster cluster;

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private FaultCluster cluster(String scenario, int nodes, String... extra) {
        cluster = new FaultCluster(new LoopbackLayout(), FaultReport.DIR.resolve("logs").resolve(scenario), List.of(extra));
        return cluster.startNodes(nodes);
    }

    /** The writers' node first, then the others: where the writers go when it refuses them. */
    private static List<NodeJvm> preferring(NodeJvm first, List<NodeJvm> all) {
        List<NodeJvm> order = new java.util.ArrayList<>(List.of(first));
        all.stream().filter(n -> n != first).forEach(order::add);
        return order;
    }

    @Test
    @Tag("faults-ci")
    void killNineOfAReplica() throws Exception {
        String scenario = "kill9-replica";
        FaultCluster c = cluster(scenario, 3);
        NodeJvm a = c.node("a");
        NodeJvm victim = c.node("c");
        FaultRun run = FaultRun.start(scenario, Workload.standard(), FaultRun.all(WRITERS, preferring(a, c.nodes())), List.of());
        run.hold(Duration.ofSeconds(3));
        run.fault("kill -9 c", victim::kill9);
        run.hold(Duration.ofSeconds(5));
        run.finish(c.live(), 2).assertSafe();
    }

    @Test
    @Tag("faults")
    void killNineOfTheWritersNode() throws Exception {
        String scenario = "kill9-writers-node";
        FaultCluster c = cluster(scenario, 3);
        NodeJvm a = c.node("a");
        FaultRun run = FaultRun.start(scenario, Workload.standard(), FaultRun.all(WRITERS, preferring(a, c.nodes())), List.of());
        run.hold(Duration.ofSeconds(3));
        run.fault("kill -9 a (the writers' node; they move to b)", a::kill9);
        run.hold(Duration.ofSeconds(5));
        run.finish(c.live(), 2).assertSafe();
    }

    @Test
    @Tag("faults")
    void pauseOfAnOwnerForOneSecond() throws Exception {
        pauseOfAnOwner("pause-owner-1s", Duration.ofSeconds(1));
    }

    @Test
    @Tag("faults-ci")
    void pauseOfAnOwnerForThreeSeconds() throws Exception {
        pauseOfAnOwner("pause-owner-3s", Duration.ofSeconds(3));
    }

    @Test
    @Tag("faults")
    void pauseOfAnOwnerForEightSeconds() throws Exception {
        pauseOfAnOwner("pause-owner-8s", Duration.ofSeconds(8));
    }

    /** SIGSTOP of c (an owner of about two thirds of the keys) while the writers use a, then SIGCONT. */
    private void pauseOfAnOwner(String scenario, Duration pause) throws Exception {
        FaultCluster c = cluster(scenario, 3);
        NodeJvm a = c.node("a");
        NodeJvm victim = c.node("c");
        FaultRun run = FaultRun.start(scenario, Workload.standard(), FaultRun.all(WRITERS, preferring(a, c.nodes())), List.of());
        run.hold(Duration.ofSeconds(2));
        pause(run, victim, pause);
        run.hold(Duration.ofSeconds(3));
        run.finish(c.live(), 3).assertSafe();
    }

    private static void pause(FaultRun run, NodeJvm victim, Duration pause) throws Exception {
        run.fault("SIGSTOP " + victim.nodeId + " for " + pause.toMillis() + " ms", victim::pause);
        try {
            run.hold(pause);
        } finally {
            run.fault("SIGCONT " + victim.nodeId, victim::resume);
        }
    }

    @Test
    @Tag("faults")
    void pauseOfTheWritersNode() throws Exception {
        String scenario = "pause-writers-node-3s";
        FaultCluster c = cluster(scenario, 3);
        NodeJvm a = c.node("a");
        FaultRun run = FaultRun.start(scenario, Workload.standard(), FaultRun.all(WRITERS, preferring(a, c.nodes())), List.of());
        run.hold(Duration.ofSeconds(2));
        pause(run, a, Duration.ofSeconds(3));
        run.hold(Duration.ofSeconds(3));
        run.finish(c.live(), 3).assertSafe();
    }

    /**
     * Mostly increments, and c paused for 7 s, longer than the peer request timeout (5 s in the
     * local preset, ClusterNode.peerSettings): an increment a forwarded to c must not also be applied
     * by the next owner when c's outcome is unknown.
     */
    @Test
    @Tag("faults-ci")
    void pauseOfACounterPrimaryLongerThanThePeerTimeout() throws Exception {
        String scenario = "counter-primary-pause-7s";
        FaultCluster c = cluster(scenario, 3);
        NodeJvm a = c.node("a");
        NodeJvm victim = c.node("c");
        Workload counters = new Workload(100, 25, 0, 0, 0.25, 0.7, 200_000, Duration.ofSeconds(15));
        long primaries = FaultRun.primariesOn(FaultCluster.ring(a), counterKeys(WRITERS, counters), victim.nodeId);
        FaultRun run = FaultRun.start(scenario, counters, FaultRun.all(WRITERS, preferring(a, c.nodes())), List.of());
        run.event("c is the primary of " + primaries + " of " + WRITERS * counters.counterKeys() + " counters");
        run.hold(Duration.ofSeconds(2));
        pause(run, victim, Duration.ofSeconds(7));
        run.hold(Duration.ofSeconds(3));
        run.finish(c.live(), 3).assertSafe();
    }

    private static List<String> counterKeys(int writers, Workload w) {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) {
            for (int k = 0; k < w.counterKeys(); k++) {
                keys.add("c-w" + i + "-" + k);
            }
        }
        return keys;
    }

    /** A fourth node joins, then c leaves gracefully (SIGTERM), while writers use a and counter readers use b. */
    @Test
    @Tag("faults")
    void joinAndGracefulLeaveUnderReadersAndWriters() throws Exception {
        String scenario = "join-then-leave";
        FaultCluster c = cluster(scenario, 3);
        NodeJvm a = c.node("a");
        NodeJvm b = c.node("b");
        NodeJvm leaver = c.node("c");
        FaultRun run = FaultRun.start(scenario, Workload.standard(), FaultRun.all(WRITERS, preferring(a, c.nodes())),
                FaultRun.all(2, preferring(b, c.nodes())));
        run.hold(Duration.ofSeconds(2));
        NodeJvm[] joiner = new NodeJvm[1];
        run.fault("start d (joins through a)", () -> joiner[0] = c.add());
        FaultCluster.awaitAgreement(c.live(), 4);
        run.event("d is in the ring on every node");
        run.hold(Duration.ofSeconds(2));
        run.fault("SIGTERM c (graceful leave)", leaver::signalTerm);
        if (!leaver.awaitExit(Duration.ofSeconds(40))) {
            throw new AssertionError("c did not exit within 40 s of SIGTERM");
        }
        run.event("c exited");
        run.hold(Duration.ofSeconds(2));
        run.finish(c.live(), 3).assertSafe();
    }

    /** touch, gat and mg T (in turn) give keys a 2 s TTL through every node; afterwards no node may serve them. */
    @Test
    @Tag("faults-ci")
    void touchedKeysExpireOnEveryNode() throws Exception {
        String scenario = "touch-expiry";
        FaultCluster c = cluster(scenario, 3);
        FaultRun run = FaultRun.start(scenario, Workload.standard().withExpiring(30, 2), FaultRun.spread(WRITERS, c.nodes()),
                List.of());
        run.hold(Duration.ofSeconds(3));
        run.finish(c.live(), 3).assertSafe();
    }

    /**
     * A full restart (SIGTERM to every node, all started again with the same ids and ports) under a
     * smart client that lives through it. A join and a leave first raise the old cluster's epoch
     * above the one the new cluster starts from: the client must still adopt the new cluster's ring.
     * After the restart, writers and the smart client write; their writes are judged as usual (what
     * was written before the restart is gone with it, as in any cache, and is not judged).
     */
    @Test
    @Tag("faults")
    void fullRestartUnderALiveSmartClient() throws Exception {
        String scenario = "full-restart-smart-client";
        FaultCluster c = cluster(scenario, 3);
        List<NodeJvm> three = c.nodes();
        NodeJvm d = c.add();
        FaultCluster.awaitAgreement(c.live(), 4);
        d.signalTerm();
        if (!d.awaitExit(Duration.ofSeconds(40))) {
            throw new AssertionError("d did not exit within 40 s of SIGTERM");
        }
        FaultCluster.awaitAgreement(three, 3);
        String seeds = String.join(",", three.stream().map(n -> n.host + ":" + n.port).toList());
        try (ClusterClient client = ClusterClient.builder().seeds(seeds.split(","))
                .settings(ClientSettings.local().toBuilder().requestTimeout(Duration.ofSeconds(2)).build())
                .topologyRefresh(Duration.ofMillis(500)).connect()) {
            BlockingCacheClient<String> cache = client.blocking(Transcoders.utf8());
            String before = "epoch " + client.topology().epoch() + " " + client.topology().ring().fingerprint();
            for (NodeJvm n : three) {
                n.signalTerm();
            }
            for (NodeJvm n : three) {
                if (!n.awaitExit(Duration.ofSeconds(40))) {
                    throw new AssertionError(n.nodeId + " did not exit within 40 s of SIGTERM");
                }
            }
            three.forEach(NodeJvm::start);
            FaultCluster.awaitAgreement(three, 3);
            FaultRun run = FaultRun.start(scenario, Workload.standard(), FaultRun.spread(WRITERS, three), List.of());
            run.event("smart client before the restart: " + before + "; restarted cluster: " + ringOf(three.get(0)));
            java.util.Map<String, String> acked = new java.util.LinkedHashMap<>();
            int errors = 0;
            for (int i = 0; i < 500; i++) {
                try {
                    if (cache.set("s-" + i, 0, "smart-" + i)) {
                        acked.put("s-" + i, "smart-" + i);
                    }
                } catch (RuntimeException e) {
                    errors++;
                }
            }
            run.event("smart client wrote " + acked.size() + " of 500 keys (" + errors + " errors)");
            FaultRun.Result result = run.finish(three, 3);
            Readback smart = FaultCluster.readBack(acked.keySet(), three, new Readback());
            long lost = acked.entrySet().stream()
                    .filter(e -> smart.answers(e.getKey()).values().stream().anyMatch(v -> !v.equals(e.getValue()))).count();
            String cluster = ringOf(three.get(0));
            boolean followed;
            try {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> ringOf(client).equals(ringOf(three.get(0))));
                followed = true;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                followed = false;
            }
            String line = "FAULTS " + scenario + " smart-client: acked=" + acked.size() + " lost=" + lost + " errors=" + errors
                    + " client-ring=" + ringOf(client).replace(' ', ':') + " cluster-ring=" + cluster.replace(' ', ':')
                    + " followed=" + (followed ? "yes" : "no");
            System.out.println(line);
            java.nio.file.Files.writeString(FaultReport.DIR.resolve(scenario + ".txt"), "\n" + line + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
            result.assertSafe();
            assertThat(lost).as(line).isZero();
            assertThat(followed).as("the smart client adopts the restarted cluster's ring within 20 s: " + line).isTrue();
        }
    }

    private static String ringOf(NodeJvm n) throws java.io.IOException {
        var ring = FaultCluster.ring(n);
        return "epoch " + ring.epoch() + " " + ring.fingerprint();
    }

    private static String ringOf(ClusterClient client) {
        var ring = client.topology().ring();
        return "epoch " + ring.epoch() + " " + ring.fingerprint();
    }
}
