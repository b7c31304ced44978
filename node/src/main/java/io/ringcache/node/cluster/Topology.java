package io.ringcache.node.cluster;

import io.ringcache.membership.NodeInfo;
import io.ringcache.membership.RingVersion;
import io.ringcache.ring.Ring;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ring version as this node routes by it: the ring, this node's index in it (-1 while it is
 * not a member), each member's client address and peer-listener address ("host:port", null when
 * gossip no longer sees it), and whether it is the ring this node computed for its own graceful leave.
 */
record Topology(Ring ring, int selfIndex, String[] clientAddresses, String[] peerAddresses, String fingerprint,
        boolean leaving) {

    static Topology of(RingVersion version, List<NodeInfo> live, String selfId) {
        Ring ring = version.placement();
        Map<String, NodeInfo> byId = new HashMap<>();
        for (NodeInfo n : live) {
            byId.put(n.nodeId(), n);
        }
        String[] addresses = new String[ring.members().size()];
        String[] peerAddresses = new String[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            NodeInfo info = byId.get(ring.members().get(i).nodeId());
            addresses[i] = info == null ? null : info.clientAddress();
            peerAddresses[i] = info == null ? null : info.peerAddress();
        }
        return new Topology(ring, ring.indexOf(selfId), addresses, peerAddresses, version.fingerprint(), false);
    }

    /**
     * The ring after this node leaves it, as every member computes it (the same deterministic step
     * the membership takes), followed by the other members in {@code alsoGone} in id order.
     */
    Topology withoutSelf(String selfId, java.util.SortedSet<String> alsoGone) {
        Ring next = ring.leave(selfId);
        for (String id : alsoGone) {
            if (next.indexOf(id) >= 0) {
                next = next.leave(id);
            }
        }
        String[] addresses = new String[next.members().size()];
        String[] peers = new String[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            int was = ring.indexOf(next.members().get(i).nodeId());
            addresses[i] = clientAddresses[was];
            peers[i] = peerAddresses[was];
        }
        return new Topology(next, -1, addresses, peers, next.fingerprint(), true);
    }

    boolean ready() {
        return selfIndex >= 0;
    }

    String nodeId(int index) {
        return ring.members().get(index).nodeId();
    }
}
