package io.ringcache.client;

import io.ringcache.ring.Ring;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * A cluster's ring as its nodes published it ({@code rc_topology}), with the client address of each
 * member in ring order. The ring is decoded from the nodes' own bytes, so the client places every key
 * exactly where the nodes do.
 *
 * @param addresses one per ring member (same index as {@link Ring#members()}); null for a member
 *     whose address gossip does not know yet. Members publish TCP addresses; fixed servers may be
 *     unix domain sockets.
 * @param clusterId the cluster's incarnation: drawn when its first ring is made, kept by every later
 *     ring, new after the whole cluster restarted (its epochs then start again from 1); 0 when the
 *     nodes did not say
 */
public record ClusterTopology(Ring ring, List<SocketAddress> addresses, long clusterId) {

  public ClusterTopology(Ring ring, List<SocketAddress> addresses) {
    this(ring, addresses, 0);
  }

  public ClusterTopology {
    Objects.requireNonNull(ring, "ring");
    if (addresses.size() != ring.members().size()) {
      throw new IllegalArgumentException(addresses.size() + " addresses for " + ring.members().size()
          + " ring members");
    }
    addresses = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(addresses));
  }

  public long epoch() {
    return ring.epoch();
  }

  public String nodeId(int memberIndex) {
    return ring.members().get(memberIndex).nodeId();
  }

  /**
   * True when {@code other} is a later ring, the same ring with changed member addresses, or a ring
   * of another incarnation of the cluster (restarted as a whole: its epochs start again, so a lower
   * epoch there is still newer than anything the old cluster published).
   */
  boolean supersedes(ClusterTopology other) {
    return other == null || (clusterId != 0 && clusterId != other.clusterId) || epoch() > other.epoch()
        || (epoch() == other.epoch() && !addresses.equals(other.addresses));
  }
}
