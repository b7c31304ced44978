package io.ringcache.node.admin;

import io.ringcache.node.cluster.ClusterState;

/**
 * {@code GET /health}: whether a load balancer or orchestrator should send this node traffic. A
 * cluster node is ready once it is in the ring it routes by and the data moving because it joined
 * has landed (every member reports no rebalance running at that ring or a newer one); from then on
 * it stays ready until it leaves, so other members' later rebalances do not take it out of service.
 */
final class Readiness {

    /** The answer: ready, or the reason it is not. */
    record Status(boolean ready, String reason) {
        static final Status READY = new Status(true, "ready");
    }

    private volatile boolean joined;

    Status of(ClusterState state, ClusterView view) {
        if (state == null) {
            return Status.READY; // a standalone node serves as soon as it listens
        }
        if (state.leaving()) {
            joined = false;
            return new Status(false, "leaving");
        }
        if (!state.inRing()) {
            return new Status(false, state.ring() == null ? "joining: no ring yet" : "joining: not in the ring yet");
        }
        if (!joined) {
            if (!view.settled()) {
                return new Status(false, "joining: data still moving to its new owners");
            }
            joined = true;
        }
        return Status.READY;
    }
}
