package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.ringcache.node.protocol.Responses;
import java.util.concurrent.atomic.LongAdder;

/** A cluster node's figures for {@code stats}. */
final class ClusterStats {

    final LongAdder forwarded = new LongAdder();
    final LongAdder forwardFailovers = new LongAdder();
    /** Failovers of a write that waited for the last owner's deadline first (its answer was lost, not refused). */
    final LongAdder forwardFailoverWaits = new LongAdder();
    final LongAdder forwardReroutes = new LongAdder();
    final LongAdder forwardErrors = new LongAdder();
    final LongAdder replicaWrites = new LongAdder();
    final LongAdder replicaHinted = new LongAdder();
    final LongAdder replicaRetries = new LongAdder();
    final LongAdder replicaApplied = new LongAdder();
    final LongAdder replicaStale = new LongAdder();
    final LongAdder handoffsRefused = new LongAdder();
    final LongAdder expiredRefused = new LongAdder();
    final LongAdder epochRefused = new LongAdder();
    final LongAdder settlePulls = new LongAdder();
    /** Requests that waited for their keys' holders and were then refused: a pause, a new ring or the sender's deadline came first. */
    final LongAdder heldLapsed = new LongAdder();

    void write(ByteBuf out, ClusterExecutor executor, int peersConnected, io.ringcache.node.store.Tombstones tombstones) {
        Topology t = executor.topology();
        Hints hints = executor.hints();
        stat(out, "cluster_epoch", t == null ? 0 : t.ring().epoch());
        stat(out, "cluster_members", t == null ? 0 : t.ring().members().size());
        Responses.stat(out, "cluster_fingerprint", t == null ? "-" : t.fingerprint());
        // ready to route every key: connected to every other member of the ring
        stat(out, "cluster_peers_connected", peersConnected);
        stat(out, "forwarded_requests", forwarded.sum());
        stat(out, "forward_failovers", forwardFailovers.sum());
        stat(out, "forward_failover_waits", forwardFailoverWaits.sum());
        stat(out, "forward_reroutes", forwardReroutes.sum());
        stat(out, "forward_errors", forwardErrors.sum());
        stat(out, "replica_writes", replicaWrites.sum());
        stat(out, "replica_retries", replicaRetries.sum());
        stat(out, "replica_hinted", replicaHinted.sum());
        stat(out, "replica_applied", replicaApplied.sum());
        stat(out, "replica_stale_skipped", replicaStale.sum());
        stat(out, "hints_queued", hints.queued.get());
        stat(out, "hints_replayed", hints.replayed.sum());
        stat(out, "hints_dropped", hints.dropped.sum());
        stat(out, "tombstones", tombstones.count());
        stat(out, "tombstones_evicted", tombstones.evicted());
        stat(out, "peer_requests_expired", expiredRefused.sum());
        stat(out, "peer_requests_other_ring", epochRefused.sum());
        stat(out, "rebalance_transfers_refused", handoffsRefused.sum());
        stat(out, "settle_pulls", settlePulls.sum());
        stat(out, "held_requests_lapsed", heldLapsed.sum());
        stat(out, "cluster_settled", executor.settlement().isSettled() ? 1 : 0);
        stat(out, "cluster_quorum", t != null && t.quorum() ? 1 : 0);
        stat(out, "pauses_detected", executor.pauses().pauses.sum());
    }

    static void stat(ByteBuf out, String name, long value) {
        Responses.stat(out, name, Long.toString(value));
    }
}
