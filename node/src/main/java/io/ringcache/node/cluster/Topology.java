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
 * gossip no longer sees it), the cluster's id (io.ringcache.membership.RingVersion#clusterId),
 * whether it is the ring this node computed for its own graceful leave, and whether this node sees
 * enough of the ring's members to serve ({@code quorum}, io.ringcache.membership.Quorum: more than
 * half, or half with the smallest id; a ring computed for the node's own leave always serves, it
 * only forwards).
 */
record Topology(Ring ring, int selfIndex, String[] clientAddresses, String[] peerAddresses, String fingerprint,
        long clusterId, boolean leaving, boolean quorum) {

    Topology(Ring ring, int selfIndex, String[] clientAddresses, String[] peerAddresses, String fingerprint,
            long clusterId, boolean leaving) {
        this(ring, selfIndex, clientAddresses, peerAddresses, fingerprint, clusterId, leaving, leaving
                || io.ringcache.membership.Quorum.holds(ring.memberIds(), id -> clientAddresses[ring.indexOf(id)] != null));
    }

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
        return new Topology(ring, ring.indexOf(selfId), addresses, peerAddresses, version.fingerprint(),
                version.clusterId(), false);
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
        return new Topology(next, -1, addresses, peers, next.fingerprint(), clusterId, true);
    }

    boolean ready() {
        return selfIndex >= 0;
    }



    String nodeId(int index) {
        return ring.members().get(index).nodeId();
    }

    long epoch() {
        return ring.epoch();
    }

    /** The key's owners on ring {@code t}, as member indexes, primary first. */
    static int[] owners(Topology t, io.ringcache.node.store.ItemKey key) {
        int[] out = new int[t.ring.replicationFactor()];
        int n = t.ring.preferenceList(key.bytes(), 0, key.length(), out);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** The key's position on ring {@code t}'s circle (its hash), for {@link #primaryAt} and {@link #ownersAt}. */
    static long position(Topology t, io.ringcache.node.store.ItemKey key) {
        return t.ring.position(key.bytes(), 0, key.length());
    }

    /** The primary of the keys at {@code position}; allocates nothing. */
    static int primaryAt(Topology t, long position) {
        return t.ring.primaryOfHash(position);
    }

    /** {@link #owners} of the keys at {@code position}. */
    static int[] ownersAt(Topology t, long position) {
        int[] out = new int[t.ring.replicationFactor()];
        int n = t.ring.preferenceListOfHash(position, out);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** The key's primary on ring {@code t}, as a member index (-1 for an empty ring); allocates nothing. */
    static int primary(Topology t, io.ringcache.node.store.ItemKey key) {
        return t.ring.primary(key.bytes(), 0, key.length());
    }

    /** Whether this node owns {@code key} on ring {@code t} (false without a ring, or while leaving). */
    static boolean owns(Topology t, io.ringcache.node.store.ItemKey key) {
        return t != null && t.ready() && isOwner(t, key, t.selfIndex);
    }

    /** Whether the member at ring index {@code member} is one of {@code key}'s owners on ring {@code t}. */
    static boolean isOwner(Topology t, io.ringcache.node.store.ItemKey key, int member) {
        for (int owner : owners(t, key)) {
            if (owner == member) {
                return true;
            }
        }
        return false;
    }
}
