package io.ringcache.node.cluster;

import io.ringcache.membership.NodeInfo;
import io.ringcache.membership.RingVersion;
import io.ringcache.ring.Ring;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ring version as this node routes by it: the ring, this node's index in it (-1 while it is
 * not a member), and each member's client address ("host:port", null when gossip no longer sees it).
 */
record Topology(Ring ring, int selfIndex, String[] clientAddresses, String fingerprint) {

    static Topology of(RingVersion version, List<NodeInfo> live, String selfId) {
        Ring ring = version.placement();
        Map<String, String> addressById = new HashMap<>();
        for (NodeInfo n : live) {
            addressById.put(n.nodeId(), n.clientAddress());
        }
        String[] addresses = new String[ring.members().size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = addressById.get(ring.members().get(i).nodeId());
        }
        return new Topology(ring, ring.indexOf(selfId), addresses, version.fingerprint());
    }

    boolean ready() {
        return selfIndex >= 0;
    }

    String nodeId(int index) {
        return ring.members().get(index).nodeId();
    }
}
