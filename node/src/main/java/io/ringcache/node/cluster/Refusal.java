package io.ringcache.node.cluster;

import java.nio.charset.StandardCharsets;

/**
 * Why a cluster node did not carry out a request, as the one line it answers:
 * {@code SERVER_ERROR <word>: <explanation>}. Every refusal here means nothing was applied (except
 * {@link #UNKNOWN_OUTCOME}, which says it may have been), so a peer or a smart client that reads one
 * may send the request to the key's next owner. {@link PeerStatus} reads them back.
 */
enum Refusal {
    /** A member that has joined but not yet adopted a ring: it cannot tell owners or replicate. */
    JOINING("joining", "no ring yet, nothing applied"),
    /** A member handing its items off before it exits: only members that stay take keys. */
    LEAVING("leaving", "this node is handing its own items off"),
    /** A transfer for a key this node does not own on its ring: the sender keeps its copy. */
    NOT_OWNER("not_owner", "not an owner of the key on this node's ring"),
    /** The sender routed by an older ring than this node's: it must route again. */
    STALE_RING("stale_ring", "the sender's ring is older than this node's, nothing applied"),
    /** The sender routed by a newer ring than this node's: this node catches up in a moment. */
    RING_BEHIND("ring_behind", "this node's ring is older than the sender's, nothing applied"),
    /** The request reached this node after the sender stopped waiting for it (a pause, a stall). */
    EXPIRED("expired", "the sender gave up on this request before it arrived, nothing applied"),
    /** This node sees too few members of its ring: it may be cut off from the rest. */
    NO_QUORUM("no_quorum", "this node sees too few members of its ring to serve, nothing applied"),
    /** This node was paused (or starved) long enough that the cluster may have moved on without it. */
    PAUSED("paused", "this node is checking its ring after a pause, nothing applied"),
    /**
     * A key this node owns but has not settled (it just took the range over, or was paused) whose
     * other holders could not be asked for a newer copy: another owner answers instead.
     */
    UNSETTLED("unsettled", "this node could not ask the key's other holders for a newer copy, nothing applied"),
    /** A write that must not run twice was sent to the key's owner, which did not answer in time. */
    UNKNOWN_OUTCOME("unknown_outcome", "the key's owner did not answer in time; the command may or may not have been applied"),
    /** No owner of the key could be reached. */
    UNREACHABLE("unreachable", "no owner of the key is reachable, nothing applied");

    final String word;
    private final byte[] line;

    Refusal(String word, String explanation) {
        this.word = word;
        this.line = ("SERVER_ERROR " + word + ": " + explanation + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The answer line, CRLF included; shared, never modify. */
    byte[] line() {
        return line;
    }
}
