package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Who tried to act as a member, for {@code stats}: peer handshakes passed and refused, gossip refused. */
final class SecurityStats {

    /** Peer connections that proved knowledge of the cluster secret. */
    final LongAdder peerHandshakesAccepted = new LongAdder();
    /** Peer connections closed before or at their handshake: wrong proof, bad line, timeout. */
    final LongAdder peerHandshakesRefused = new LongAdder();
    private final LongSupplier gossipRejected;

    SecurityStats(LongSupplier gossipRejected) {
        this.gossipRejected = gossipRejected;
    }

    void write(ByteBuf out) {
        ClusterStats.stat(out, "peer_handshakes_accepted", peerHandshakesAccepted.sum());
        ClusterStats.stat(out, "peer_handshakes_refused", peerHandshakesRefused.sum());
        ClusterStats.stat(out, "gossip_frames_rejected", gossipRejected.getAsLong());
    }
}
