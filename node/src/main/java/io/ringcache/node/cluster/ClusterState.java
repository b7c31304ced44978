package io.ringcache.node.cluster;

import io.ringcache.membership.NodeInfo;
import io.ringcache.ring.Ring;
import java.util.List;

/**
 * What this node knows of the cluster at one moment, read-only, for the admin port (dashboard,
 * metrics, health): the ring it routes by (null before it adopted one), each ring member's client
 * address in ring order (null where gossip no longer sees it), the members gossip sees now (with
 * the state each announces), and whether this node is in the ring, leaving, or the coordinator.
 */
public record ClusterState(String selfId, Ring ring, List<String> clientAddresses, List<NodeInfo> liveMembers,
        boolean inRing, boolean leaving, boolean coordinator) {

    static ClusterState of(String selfId, Topology topology, List<NodeInfo> live, boolean leaving, boolean coordinator) {
        if (topology == null) {
            return new ClusterState(selfId, null, List.of(), List.copyOf(live), false, leaving, coordinator);
        }
        return new ClusterState(selfId, topology.ring(), java.util.Arrays.asList(topology.clientAddresses().clone()),
                List.copyOf(live), topology.ready() && !leaving, leaving || topology.leaving(), coordinator);
    }
}
