package io.ringcache.node.cluster;

/**
 * What travels with every request between members ({@code rc_ctx}): the epoch of the ring the
 * sender routed it by, the unix millisecond after which the sender no longer waits for the answer,
 * and the sender's flush_all floor.
 */
record RequestContext(long epoch, long deadlineMillis, long flushFloor) {

    /** The context of a request sent now by ring {@code epoch}. */
    static RequestContext now(long epoch, PeerPool peers, io.ringcache.node.store.ItemStore store) {
        return new RequestContext(epoch, peers.deadlineMillis(), store.flushFloor());
    }
}
