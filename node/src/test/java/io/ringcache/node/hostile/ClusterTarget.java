package io.ringcache.node.hostile;

import static org.awaitility.Awaitility.await;

import io.ringcache.node.testing.TextConnection;
import io.ringcache.ring.Ring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Three node JVMs joined as a cluster (RF 2, local gossip preset); attacks go through the first, the
 * entry node, which forwards the keys other members own. Its memory is the entry node's; the owners'
 * is checked too ({@link #members()}).
 */
final class ClusterTarget implements Target, AutoCloseable {

    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private final List<NodeJvm> members;

    private ClusterTarget(List<NodeJvm> members) {
        this.members = members;
    }

    static ClusterTarget start(int megabytes, String... extra) {
        List<NodeJvm> members = new ArrayList<>();
        try {
            for (String id : List.of("a", "b", "c")) {
                members.add(NodeJvm.launch("cluster-" + id, megabytes, id, members.isEmpty() ? List.of() : List.of(members.get(0)), extra));
            }
            members.forEach(NodeJvm::awaitListening);
            await("cluster of three agreeing on a ring").atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                    .until(() -> members.stream().allMatch(m -> m.stat("cluster_members") == 3
                            && m.stat("cluster_peers_connected") == 2));
            return new ClusterTarget(members);
        } catch (RuntimeException e) {
            members.forEach(NodeJvm::close);
            throw e;
        }
    }

    List<NodeJvm> members() {
        return members;
    }

    NodeJvm entry() {
        return members.get(0);
    }

    @Override
    public String name() {
        return "ringcache cluster (entry node a)";
    }

    @Override
    public InetSocketAddress address() {
        return entry().address();
    }

    @Override
    public long pid() {
        return entry().pid();
    }

    @Override
    public OptionalLong heapAfterGc() {
        return entry().heapAfterGc();
    }

    @Override
    public boolean isRingcache() {
        return true;
    }

    /** A key whose first owner is not the entry node, so that the entry node forwards it: {@code prefix-n}. */
    String remoteKey(String prefix) {
        Ring ring = ring();
        int[] owners = new int[ring.replicationFactor()];
        for (int n = 0; n < 10_000; n++) {
            byte[] key = (prefix + "-" + n).getBytes(StandardCharsets.US_ASCII);
            ring.preferenceList(key, 0, key.length, owners);
            if (!ring.members().get(owners[0]).nodeId().equals("a")) {
                return prefix + "-" + n;
            }
        }
        throw new IllegalStateException("no key owned elsewhere among 10,000");
    }

    /** The ring the entry node answers rc_topology with. */
    Ring ring() {
        try (TextConnection c = new TextConnection(entry().address().getPort())) {
            c.send("rc_topology\r\n");
            String ringLine = c.readUntilLine("RING ");
            int length = Integer.parseInt(ringLine.trim().split(" ")[3]);
            byte[] bytes = c.read(length).getBytes(StandardCharsets.ISO_8859_1);
            c.readUntilLine("END");
            return Ring.decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        members.forEach(NodeJvm::close);
    }
}
