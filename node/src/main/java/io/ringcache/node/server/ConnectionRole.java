package io.ringcache.node.server;

/**
 * Who is on the other end of a connection: a client (on the client port), or a member of the cluster
 * that passed the peer listener's handshake, which names the role.
 */
public enum ConnectionRole {
    /** Requests are routed to the key's owners. */
    CLIENT,
    /** A peer forwarding client requests: this node executes them as the key's coordinator. */
    PEER_COORDINATE,
    /** A peer shipping replica writes: applied here as they are, never routed or replicated again. */
    PEER_REPLICA
}
