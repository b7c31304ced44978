package io.ringcache.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin port of a one-node cluster: every stats line has a metric, and the cluster metrics (3 nodes: ClusterOperationsTest). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterAdminTest {

    private final LocalCluster cluster = new LocalCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void everyStatOfAClusterNodeHasAMetric() throws Exception {
        LocalCluster.Member a = cluster.start("a");
        cluster.awaitUp(Set.of("a"));
        String metrics = AdminHttp.get(a.adminPort(), "/metrics").body();
        Map<String, String> stats = LocalStats.read(a.node().statsReport());
        for (String stat : stats.keySet()) {
            if (!StatMetrics.NOT_METRICS.contains(stat)) {
                assertThat(StatMetrics.BY_STAT).as("stats line %s has no metric: add a line for it to StatMetrics.TABLE", stat)
                        .containsKey(stat);
            }
        }
        assertThat(metrics).doesNotContain(StatsCollector.UNMAPPED);
        assertThat(AdminHttp.sample(metrics, "ringcache_ring_members")).isEqualTo(1);
        assertThat(AdminHttp.sample(metrics, "ringcache_members{state=\"up\"}")).isEqualTo(1);
        assertThat(AdminHttp.sample(metrics, "ringcache_gossip_suspect_members")).isZero();
    }
}
