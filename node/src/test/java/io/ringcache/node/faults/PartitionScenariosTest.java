package io.ringcache.node.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ringcache.node.faults.NamespaceLayout.Direction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Partitions: three nodes, each in its own network namespace ({@link NamespaceLayout}), node c cut
 * off from a and b by nftables drop rules for 10 s, then healed. Writers run from the test's
 * namespace over the bridge, on the majority side or on c. Skipped, with the reason, where the
 * machine does not allow namespaces (not root, no ip or nft).
 */
@Tag("faults")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PartitionScenariosTest {

    private static final Duration CUT = Duration.ofSeconds(10);

    private NamespaceLayout layout;
    private FaultCluster cluster;

    @BeforeEach
    void namespaces() {
        String why = NamespaceLayout.unavailableBecause();
        assumeTrue(why == null, () -> "partition scenarios skipped: " + why);
        layout = new NamespaceLayout();
    }

    @AfterEach
    void removeAll() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (layout != null) {
                layout.close();
            }
        }
    }

    private FaultCluster cluster(String scenario) {
        cluster = new FaultCluster(layout, FaultReport.DIR.resolve("logs").resolve(scenario), List.of());
        return cluster.startNodes(3);
    }

    @Test
    void cutOffNodeWhileWritersUseTheMajority() throws Exception {
        partition("partition-writers-on-majority", "a", Direction.BOTH);
    }

    @Test
    void cutOffNodeWhileWritersUseIt() throws Exception {
        partition("partition-writers-on-cut-node", "c", Direction.BOTH);
    }

    @Test
    void oneWayCut() throws Exception {
        partition("partition-one-way", "a", Direction.OUTGOING_ONLY);
    }

    /** Writers on {@code writersOn} (falling back to the others), c cut off for 10 s, healed, settled, judged. */
    private void partition(String scenario, String writersOn, Direction direction) throws Exception {
        FaultCluster c = cluster(scenario);
        NodeJvm first = c.node(writersOn);
        List<NodeJvm> order = new java.util.ArrayList<>(List.of(first));
        c.nodes().stream().filter(n -> n != first).forEach(order::add);
        FaultRun run = FaultRun.start(scenario, Workload.standard(), FaultRun.all(FaultScenariosTest.WRITERS, order), List.of());
        run.hold(Duration.ofSeconds(2));
        run.fault("cut c off from a and b (" + direction + ") for " + CUT.toSeconds() + " s",
                () -> layout.cut(2, List.of(0, 1), direction));
        try {
            run.hold(CUT);
        } finally {
            run.fault("heal c", () -> layout.heal(2));
        }
        run.hold(Duration.ofSeconds(3));
        run.finish(c.live(), 3).assertSafe();
    }
}
