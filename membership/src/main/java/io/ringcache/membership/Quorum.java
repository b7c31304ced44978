package io.ringcache.membership;

import java.util.Collection;
import java.util.function.Predicate;

/**
 * When the members a node can see may act for the ring: more than half of the ring's members, or
 * exactly half when that half holds the member with the smallest node id (so that of two halves of
 * an even ring, exactly one goes on). A side of a partition without a quorum neither changes the
 * ring nor serves keys, so the two sides never both accept writes and no acknowledged write is
 * undone when they meet again (docs/cluster.md, "Partitions").
 */
public final class Quorum {

  private Quorum() {}

  /**
   * @param ringMembers the node ids of the ring's members
   * @param seen whether this node sees a member alive (itself included)
   */
  public static boolean holds(Collection<String> ringMembers, Predicate<String> seen) {
    int size = ringMembers.size();
    if (size == 0) {
      return true;
    }
    int live = 0;
    String smallest = null;
    for (String id : ringMembers) {
      if (seen.test(id)) {
        live++;
      }
      if (smallest == null || id.compareTo(smallest) < 0) {
        smallest = id;
      }
    }
    return live * 2 > size || (live * 2 == size && seen.test(smallest));
  }
}
