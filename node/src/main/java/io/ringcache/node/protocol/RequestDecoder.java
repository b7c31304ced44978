package io.ringcache.node.protocol;

/**
 * What the connection needs to know of its decoder, text or binary, to enforce the read timeout:
 * whether a command has started arriving but is not complete, and how many commands were decoded.
 * Both are read on the connection's event loop only.
 */
public interface RequestDecoder {

    /** Whether part of a command has arrived but not all of it. */
    boolean hasPartialCommand();

    /** Commands emitted so far (the read-timeout guard watches it move). */
    long decodedCount();

    /**
     * Fired down the pipeline when a connection's first byte chose the binary protocol, so the
     * handlers behind it watch the decoder that took over.
     */
    record Switched(RequestDecoder decoder) {
    }
}
