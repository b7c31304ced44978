package io.ringcache.membership;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Turns the difference between a ring version and the live owners into join/leave steps, in an
 * order that depends only on the two inputs: first the leaves (members gone, or back under a new
 * boot id), by node id; then the joins, by node id. Pure, so it can be checked without a network.
 */
final class Reconciler {

  private Reconciler() {}

  /**
   * @param liveOwners the owners the coordinator sees alive, one per node id
   * @param mayRemove whether a ring member that is not among the live owners may be taken out
   *     (the coordinator saw it leave or die, rather than merely not having heard of it yet)
   * @return the new version, or {@code current} itself when the ring already matches
   */
  static RingVersion reconcile(RingVersion current, Map<String, NodeInfo> liveOwners) {
    return reconcile(current, liveOwners, m -> true);
  }

  static RingVersion reconcile(
      RingVersion current, Map<String, NodeInfo> liveOwners, Predicate<RingMember> mayRemove) {
    Map<String, RingMember> records = new HashMap<>();
    for (RingMember m : current.members()) {
      records.put(m.nodeId(), m);
    }
    RingModel ring = current.ring();
    boolean changed = false;

    for (String id : new TreeMap<>(records).keySet()) {
      NodeInfo live = liveOwners.get(id);
      boolean replaced = live != null && !sameProcess(records.get(id), live);
      if (replaced || (live == null && mayRemove.test(records.get(id)))) {
        ring = ring.leave(id);
        records.remove(id);
        changed = true;
      }
    }
    for (NodeInfo live : new TreeMap<>(liveOwners).values()) {
      if (!records.containsKey(live.nodeId())) {
        ring = ring.join(live);
        records.put(live.nodeId(), new RingMember(live.nodeId(), live.bootId(), live.weight(), live.zone()));
        changed = true;
      }
    }
    long clusterId = current.clusterId() != 0 ? current.clusterId() : newClusterId();
    return changed ? RingVersion.of(ring, records, clusterId) : current;
  }

  /** The steps {@link #reconcile} would take, for logs: "-a", "+b". */
  static List<String> describe(RingVersion current, RingVersion next) {
    List<String> steps = new ArrayList<>();
    for (RingMember m : current.members()) {
      if (!next.members().contains(m)) {
        steps.add("-" + m.nodeId());
      }
    }
    for (RingMember m : next.members()) {
      if (!current.members().contains(m)) {
        steps.add("+" + m.nodeId());
      }
    }
    return steps;
  }

  /** A cluster's first ring: a new, nonzero id, different from any earlier incarnation's. */
  private static long newClusterId() {
    long id;
    do {
      id = new java.security.SecureRandom().nextLong();
    } while (id == 0);
    return id;
  }

  private static boolean sameProcess(RingMember inRing, NodeInfo live) {
    return inRing.bootId() == live.bootId()
        && inRing.weight() == live.weight()
        && inRing.zone().equals(live.zone());
  }
}
