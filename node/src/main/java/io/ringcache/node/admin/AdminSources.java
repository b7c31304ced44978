package io.ringcache.node.admin;

import io.ringcache.node.cluster.ClusterState;
import io.ringcache.node.server.StatsReport;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the admin port reads and may do: the node's {@code stats}, the cluster state (null for a
 * standalone node), the command latency histograms (null: none), how to make the node leave the
 * cluster gracefully (null: {@code POST /api/leave} is refused), and the node's client address.
 */
public record AdminSources(StatsReport stats, Supplier<ClusterState> cluster, CommandLatency latency,
        Runnable leave, String clientAddress) {

    public AdminSources {
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }
}
