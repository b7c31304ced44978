package io.ringcache.node.admin;

import io.ringcache.membership.ClusterSecret;
import io.ringcache.node.cluster.ClusterState;
import io.ringcache.node.server.StatsReport;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the admin port reads and may do: the node's {@code stats}, the cluster state (null for a
 * standalone node), the command latency histograms (null: none), how to make the node leave the
 * cluster gracefully (null: {@code POST /api/leave} is refused), the node's client address, and the
 * cluster secret a leave request must prove (null for a standalone node).
 */
public record AdminSources(StatsReport stats, Supplier<ClusterState> cluster, CommandLatency latency,
        Runnable leave, String clientAddress, ClusterSecret secret) {

    public AdminSources {
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(clientAddress, "clientAddress");
        if (leave != null && secret == null) {
            throw new IllegalArgumentException("a node that can be asked to leave needs the cluster secret to check the asker");
        }
    }
}
