package io.ringcache.node.cluster;

import io.ringcache.membership.ClusterSecret;
import io.ringcache.node.server.TlsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node takes part in a cluster: its id, where to find the others (seeds, "host:port" of their
 * gossip ports), its own gossip port and advertised host, zone and weight, the replication factor,
 * whether a write is answered after the replicas acknowledged it (sync) or at once (async), and the
 * failure-detection preset (local, lan, wan), how many items per second rebalancing may move
 * (0: unthrottled), and how long a graceful leave may spend handing this node's items to their new
 * owners before it exits (0: exit at once, the survivors re-create copies from their own).
 * Members talk to each other on the peer listener ({@code peerPort}, 0 for a free one), bound like
 * the gossip port to the client port's interface, and prove to each other that they know
 * {@code secret} (docs/security.md); with {@code peerTls} (null for none) peer connections are mutual
 * TLS as well, each member's certificate chaining to its CA.
 */
public record ClusterSettings(String nodeId, List<String> seeds, int gossipPort, String advertiseHost, String zone,
        int weight, int replicationFactor, boolean syncReplication, String preset, long rebalanceItemsPerSecond,
        Duration leaveHandoffTimeout, int peerPort, ClusterSecret secret, TlsOptions peerTls) {

    /** The peer port is the client port plus this, as Redis Cluster's bus is (11211 -> 21211). */
    public static final int PEER_PORT_OFFSET = 10_000;

    /**
     * How long a write waits for its other owners to take it before the client gets its answer and
     * the owners that did not get a hint: well under a client's usual timeout, well over a replica
     * round trip on a busy machine.
     */
    public Duration replicaDeadline() {
        return preset.equals("wan") ? Duration.ofSeconds(3) : Duration.ofSeconds(1);
    }

    /**
     * How long this process may have been stopped before it checks its ring again before serving:
     * below the time the others take to notice a silent member (about 1.5 s with the local preset),
     * above the scheduling hiccups of a busy machine.
     */
    public Duration pauseThreshold() {
        return switch (preset) {
            case "local" -> Duration.ofMillis(1000);
            case "wan" -> Duration.ofSeconds(5);
            default -> Duration.ofSeconds(3);
        };
    }

    /** Hinted keys kept per owner that missed writes (about 100 bytes each). */
    public int maxHintsPerOwner() {
        return 100_000;
    }

    /**
     * How long a delete is remembered: longer than a walk over a large store at the default
     * rebalance rate, and than any partition the cluster is expected to heal from.
     */
    public Duration tombstoneWindow() {
        return Duration.ofMinutes(10);
    }

    /** 2.5 million items at the default rebalance rate, and short of the usual 30 s before a supervisor kills. */
    public static final Duration DEFAULT_LEAVE_HANDOFF_TIMEOUT = Duration.ofSeconds(25);

    public ClusterSettings {
        Objects.requireNonNull(nodeId, "nodeId");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(advertiseHost, "advertiseHost");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(secret, "secret: a cluster member needs the cluster secret (docs/security.md)");
        if (peerPort < 0 || peerPort > 65535) {
            throw new IllegalArgumentException("peer port must be 0..65535, was " + peerPort);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, was " + replicationFactor);
        }
        if (rebalanceItemsPerSecond < 0) {
            throw new IllegalArgumentException("rebalance rate must be 0 (unthrottled) or positive, was "
                    + rebalanceItemsPerSecond);
        }
        if (leaveHandoffTimeout.isNegative()) {
            throw new IllegalArgumentException("leave timeout must be 0 or positive, was " + leaveHandoffTimeout);
        }
        if (!List.of("local", "lan", "wan").contains(preset)) {
            throw new IllegalArgumentException("preset must be local, lan or wan, was " + preset);
        }
    }
}
