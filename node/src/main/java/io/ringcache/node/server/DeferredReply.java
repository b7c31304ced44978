package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;

/** A place in a connection's answer order, filled later. */
public interface DeferredReply {

    /** Fills the place with the complete answer bytes (ownership passes to the connection); any thread. */
    void complete(ByteBuf reply);
}
