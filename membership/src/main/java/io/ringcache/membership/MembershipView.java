package io.ringcache.membership;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The live members as this process sees them, keyed by gossip member id (one per process start).
 * Confined to the membership thread.
 */
final class MembershipView {

  /** A live process: its metadata, where its gossip transport listens, and whether it is leaving. */
  record Live(NodeInfo info, String gossipAddress, boolean leaving) {}

  private final Map<String, Live> byMemberKey = new HashMap<>();

  void up(String memberKey, NodeInfo info, String gossipAddress) {
    Live old = byMemberKey.get(memberKey);
    byMemberKey.put(memberKey, new Live(info, gossipAddress, old != null && old.leaving()));
  }

  void leaving(String memberKey) {
    byMemberKey.computeIfPresent(memberKey, (k, l) -> new Live(l.info(), l.gossipAddress(), true));
  }

  /** Removes the process; returns what it was, if known. */
  Optional<Live> gone(String memberKey) {
    return Optional.ofNullable(byMemberKey.remove(memberKey));
  }

  /** The process with this node id and boot id, if it is in the view. */
  Optional<Live> find(String nodeId, long bootId) {
    return byMemberKey.values().stream()
        .filter(l -> l.info().nodeId().equals(nodeId) && l.info().bootId() == bootId)
        .findFirst();
  }

  boolean contains(String memberKey) {
    return byMemberKey.containsKey(memberKey);
  }

  /**
   * The owners that should be in the ring: alive, not leaving, weight above 0. If two processes
   * claim one node id (a restart whose old process is not yet removed), the later boot wins.
   */
  Map<String, NodeInfo> liveOwners() {
    Map<String, NodeInfo> owners = new TreeMap<>();
    for (Live l : byMemberKey.values()) {
      if (l.leaving() || !l.info().owner() || l.info().state() != NodeState.ACTIVE) {
        continue;
      }
      owners.merge(l.info().nodeId(), l.info(), (a, b) -> a.bootId() >= b.bootId() ? a : b);
    }
    return owners;
  }

  /** The coordinator: the live owner with the smallest node id. */
  Optional<Live> coordinator() {
    Map<String, NodeInfo> owners = liveOwners();
    if (owners.isEmpty()) {
      return Optional.empty();
    }
    NodeInfo first = owners.values().iterator().next();
    return byMemberKey.values().stream()
        .filter(l -> !l.leaving() && l.info().equals(first))
        .findFirst();
  }

  /** Gossip addresses of every live process except {@code selfKey}, leaving ones included. */
  List<String> otherAddresses(String selfKey) {
    List<String> addresses = new ArrayList<>();
    byMemberKey.forEach((key, l) -> {
      if (!key.equals(selfKey)) {
        addresses.add(l.gossipAddress());
      }
    });
    return addresses;
  }

  /** Every live process, leaving ones shown in state LEAVING, by node id. */
  List<NodeInfo> snapshot() {
    List<NodeInfo> nodes = new ArrayList<>();
    for (Live l : byMemberKey.values()) {
      nodes.add(l.leaving() ? l.info().withState(NodeState.LEAVING) : l.info());
    }
    nodes.sort(Comparator.comparing(NodeInfo::nodeId).thenComparingLong(NodeInfo::bootId));
    return List.copyOf(nodes);
  }
}
