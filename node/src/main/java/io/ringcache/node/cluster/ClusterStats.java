package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.ringcache.node.protocol.Responses;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** A cluster node's figures for {@code stats}. */
final class ClusterStats {

    final LongAdder forwarded = new LongAdder();
    final LongAdder forwardFailovers = new LongAdder();
    final LongAdder forwardErrors = new LongAdder();
    final LongAdder replicaWrites = new LongAdder();
    final LongAdder replicaErrors = new LongAdder();
    final LongAdder replicaRetries = new LongAdder();
    final LongAdder replicaApplied = new LongAdder();
    final LongAdder replicaStale = new LongAdder();
    final LongAdder handoffReads = new LongAdder();
    final LongAdder handoffsRefused = new LongAdder();
    final LongAdder handoffsTombstoned = new LongAdder();

    void write(ByteBuf out, Supplier<Topology> topology, int peersConnected) {
        Topology t = topology.get();
        stat(out, "cluster_epoch", t == null ? 0 : t.ring().epoch());
        stat(out, "cluster_members", t == null ? 0 : t.ring().members().size());
        Responses.stat(out, "cluster_fingerprint", t == null ? "-" : t.fingerprint());
        // ready to route every key: connected to every other member of the ring
        stat(out, "cluster_peers_connected", peersConnected);
        stat(out, "forwarded_requests", forwarded.sum());
        stat(out, "forward_failovers", forwardFailovers.sum());
        stat(out, "forward_errors", forwardErrors.sum());
        stat(out, "replica_writes", replicaWrites.sum());
        stat(out, "replica_errors", replicaErrors.sum());
        stat(out, "replica_retries", replicaRetries.sum());
        stat(out, "replica_applied", replicaApplied.sum());
        stat(out, "replica_stale_skipped", replicaStale.sum());
        stat(out, "handoff_reads", handoffReads.sum());
        stat(out, "rebalance_transfers_refused", handoffsRefused.sum());
        stat(out, "rebalance_transfers_deleted", handoffsTombstoned.sum());
    }

    static void stat(ByteBuf out, String name, long value) {
        Responses.stat(out, name, Long.toString(value));
    }
}
