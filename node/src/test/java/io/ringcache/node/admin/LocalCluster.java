package io.ringcache.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.jr.ob.JSON;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.cluster.ClusterNode;
import io.ringcache.node.cluster.ClusterSettings;
import io.ringcache.ring.HostPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cluster nodes in this JVM on 127.0.0.1 (free ports, RF 2, the LAN gossip preset: the local one flaps on a loaded 2-core machine), each with its
 * admin port on, for the admin tests. {@link #stop} is a graceful leave.
 */
public final class LocalCluster implements AutoCloseable {

    static final Duration FORM = Duration.ofSeconds(45);

    /** {@code left} opens when a leave asked on the admin port has finished. */
    record Member(String id, ClusterNode node, AdminServer admin, java.util.concurrent.CountDownLatch left) {
        int port() {
            return node.port();
        }

        int adminPort() {
            return admin.port();
        }
    }

    /** The cluster secret every member holds (the file ringcache-admin's --cluster-secret-file names). */
    static final io.ringcache.membership.ClusterSecret SECRET =
            io.ringcache.membership.ClusterSecret.read(io.ringcache.node.cluster.TestSecret.file());

    private final List<Member> members = new ArrayList<>();

    /** Starts {@code ids} in order (the first one seeds the rest) and waits until all agree they are up. */
    public void startUp(String... ids) {
        for (String id : ids) {
            start(id);
        }
        awaitUp(Set.of(ids));
    }

    public int port(String id) {
        return member(id).port();
    }

    public int adminPort(String id) {
        return member(id).adminPort();
    }

    /** Forgets {@code id}, which left by itself (through its admin port), once it has stopped: closes its admin port. */
    public void forget(String id) {
        Member m = member(id);
        await().atMost(FORM).until(() -> m.left().getCount() == 0);
        members.remove(m);
        m.admin().close();
    }

    Member start(String id) {
        List<String> seeds = members.isEmpty() ? List.of() : List.of(members.get(0).node().gossipAddress());
        CommandLatency latency = new CommandLatency();
        NodeSettings settings = NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .memoryLimitMegabytes(16).commandObserver(latency).build();
        ClusterNode node = ClusterNode.start(settings, new ClusterSettings(id, seeds, 0, "127.0.0.1", "zone-" + id,
                100, 2, true, "lan", 100_000, Duration.ofSeconds(5), 0,
                io.ringcache.membership.ClusterSecret.read(io.ringcache.node.cluster.TestSecret.file()), null));
        java.util.concurrent.CountDownLatch left = new java.util.concurrent.CountDownLatch(1);
        Runnable leave = () -> {
            node.close(); // what ringcache-node's shutdown hook does before the process exits
            left.countDown();
        };
        AdminServer admin = AdminServer.start("127.0.0.1", 0, new AdminSources(node.statsReport(), node::state, latency,
                leave, HostPort.format("127.0.0.1", node.port()), SECRET));
        Member m = new Member(id, node, admin, left);
        members.add(m);
        return m;
    }

    List<Member> members() {
        return List.copyOf(members);
    }

    Member member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    /** A graceful leave of {@code id}: it hands its items over and stops, admin port last. */
    void stop(String id) {
        Member m = member(id);
        members.remove(m);
        m.node().close();
        m.admin().close();
    }

    /** Every running member's {@code /api/cluster} shows exactly {@code ids}, all up, on one ring. */
    public void awaitUp(Set<String> ids) {
        await().atMost(FORM).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            Set<Object> epochs = new HashSet<>();
            for (Member m : members) {
                Map<String, Object> view = JSON.std.mapFrom(AdminHttp.get(m.adminPort(), "/api/cluster").body());
                Set<Object> up = new HashSet<>();
                for (Object o : (List<?>) view.get("members")) {
                    Map<?, ?> row = (Map<?, ?>) o;
                    assertThat(row.get("state")).as("%s seen by %s", row.get("id"), m.id()).isEqualTo("up");
                    up.add(row.get("id"));
                }
                assertThat(up).as("members seen by %s", m.id()).isEqualTo(ids);
                epochs.add(view.get("epoch"));
            }
            assertThat(epochs).hasSize(1);
        });
    }

    @Override
    public void close() {
        // all at once: the last ones find nobody to hand over to and stop at once
        for (Member m : members) {
            m.node().close();
            m.admin().close();
        }
        members.clear();
    }
}
