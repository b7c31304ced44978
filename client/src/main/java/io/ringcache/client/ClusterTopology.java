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
 */
public record ClusterTopology(Ring ring, List<SocketAddress> addresses) {

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

  /** True when {@code other} is a later ring, or the same ring with changed member addresses. */
  boolean supersedes(ClusterTopology other) {
    return other == null || epoch() > other.epoch()
        || (epoch() == other.epoch() && !addresses.equals(other.addresses));
  }
}
