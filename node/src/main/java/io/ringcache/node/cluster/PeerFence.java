package io.ringcache.node.cluster;

import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.FlushAll;
import io.ringcache.node.protocol.Command.InContext;
import io.ringcache.node.protocol.Command.PeerFlush;
import io.ringcache.node.protocol.Command.PeerGet;
import io.ringcache.node.protocol.Command.PeerWalked;
import io.ringcache.node.store.ItemStore;
import java.util.function.Supplier;

/**
 * Why a peer's request is refused before anything is applied: it arrived after the sender gave up
 * on it (this node was paused or starved, and the sender may have sent it elsewhere since), or the
 * sender routed it by another ring than this node's (the owners may differ). Reads of this node's
 * copy, flushes and progress reports pass whatever the ring. Also takes the sender's flush floor, if
 * it is newer: a node that missed a flush learns it from any peer's next request.
 */
final class PeerFence {

    private final ItemStore store;
    private final ClusterStats stats;
    private final Supplier<Topology> topology;

    PeerFence(ItemStore store, ClusterStats stats, Supplier<Topology> topology) {
        this.store = store;
        this.stats = stats;
        this.topology = topology;
    }

    /** The refusal for {@code context}'s request, or null when it may run. */
    Refusal check(InContext context) {
        store.flushBelow(context.flushFloor());
        if (System.currentTimeMillis() > context.deadlineMillis()) {
            stats.expiredRefused.increment();
            return Refusal.EXPIRED;
        }
        Command request = context.request();
        if (request instanceof PeerGet || request instanceof PeerWalked || request instanceof PeerFlush
                || request instanceof FlushAll) {
            return null;
        }
        Topology t = topology.get();
        if (t == null) {
            return Refusal.JOINING;
        }
        if (context.epoch() != t.epoch()) {
            stats.epochRefused.increment();
            return context.epoch() < t.epoch() ? Refusal.STALE_RING : Refusal.RING_BEHIND;
        }
        return null;
    }
}
