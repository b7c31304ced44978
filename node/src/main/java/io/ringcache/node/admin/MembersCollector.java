package io.ringcache.node.admin;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.ringcache.node.cluster.ClusterState;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ringcache_members{state}} (joining, up, suspect, leaving, as this node sees them) and
 * {@code ringcache_gossip_suspect_members} (ring members gossip no longer sees), read at scrape time.
 */
final class MembersCollector implements MultiCollector {

    private final Supplier<ClusterState> state;

    MembersCollector(Supplier<ClusterState> state) {
        this.state = state;
    }

    @Override
    public MetricSnapshots collect() {
        Map<MemberState, Integer> counts = new EnumMap<>(MemberState.class);
        for (MemberState s : MemberState.values()) {
            counts.put(s, 0);
        }
        for (ClusterView.Row row : ClusterView.rows(state.get())) {
            counts.merge(row.state(), 1, Integer::sum);
        }
        GaugeSnapshot.Builder members = GaugeSnapshot.builder().name("ringcache_members")
                .help("Cluster members by state, as this node sees them");
        counts.forEach((s, n) -> members.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("state", s.label())).value(n).build()));
        GaugeSnapshot suspects = GaugeSnapshot.builder().name("ringcache_gossip_suspect_members")
                .help("Ring members that gossip no longer sees (unreachable, not yet out of the ring)")
                .dataPoint(GaugeDataPointSnapshot.builder().value(counts.get(MemberState.SUSPECT)).build())
                .build();
        return MetricSnapshots.of(members.build(), suspects);
    }
}
