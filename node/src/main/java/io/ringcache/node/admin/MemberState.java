package io.ringcache.node.admin;

/**
 * A member's state as the dashboard and {@code ringcache_members} show it, from this node's view:
 * the ring it routes by and the members gossip sees now.
 */
enum MemberState {
    /** Gossip sees it, it is not in the ring yet (the coordinator has not published the ring with it). */
    JOINING,
    /** In the ring and seen by gossip. */
    UP,
    /** In the ring but gossip no longer sees it: unreachable, until the ring drops it or it returns. */
    SUSPECT,
    /** It announced a graceful leave; its data is being handed to the others. */
    LEAVING;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
