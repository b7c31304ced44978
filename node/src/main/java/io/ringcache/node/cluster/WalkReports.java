package io.ringcache.node.cluster;

import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.store.ItemStore;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Tells the other members, again and again (a lost report costs nothing but a moment), which ring
 * this node's data follows in full: {@code rc_walked <self> <epoch>}. A member that owns keys it
 * did not own before answers for them only after pulling them ({@link KeyGate}) until every other
 * member has reported the current epoch ({@link Settlement}). A member this node still holds hints
 * for is not told: until they are replayed it lacks writes this node acknowledged, so it must keep
 * asking before it answers.
 */
final class WalkReports {

    private final String selfId;
    private final PeerPool peers;
    private final ItemStore store;
    private final Supplier<Topology> topology;
    private final LongSupplier settledEpoch;
    private final ByteBufAllocator alloc;
    private final Hints hints;

    WalkReports(String selfId, PeerPool peers, ItemStore store, Supplier<Topology> topology, LongSupplier settledEpoch,
            Hints hints, ByteBufAllocator alloc) {
        this.hints = hints;
        this.selfId = selfId;
        this.peers = peers;
        this.store = store;
        this.topology = topology;
        this.settledEpoch = settledEpoch;
        this.alloc = alloc;
    }

    /** Sends the report to every other member that is connected now. */
    void send() {
        Topology t = topology.get();
        long epoch = settledEpoch.getAsLong();
        if (t == null || epoch < 0 || !t.ready()) {
            return;
        }
        for (int i = 0; i < t.clientAddresses().length; i++) {
            if (i == t.selfIndex() || hints.pendingFor(t.nodeId(i))) {
                continue;
            }
            PeerPool.Peer peer = peers.peer(t.nodeId(i));
            if (peer != null && peer.replica().isConnected()) {
                peer.sendNow(peer.replica(), PeerRequests.walked(selfId, epoch, RequestContext.now(t.epoch(), peers, store), alloc),
                        ResponseShape.META).whenComplete((answer, failure) -> {
                            if (answer != null) {
                                answer.release();
                            }
                        });
            }
        }
    }
}
