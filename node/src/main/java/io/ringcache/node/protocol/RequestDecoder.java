package io.ringcache.node.protocol;

import java.util.function.BooleanSupplier;

/**
 * What the connection needs of its decoder, text or binary: to enforce the read timeout, whether a
 * command has started arriving but is not complete and how many commands were decoded; to hold input
 * back (a client that does not read its answers, or has used its turn), a gate asked before each
 * command, and whether bytes are buffered that are not decoded yet. When the connection closes, a
 * decoder drops what it holds instead of decoding it. All used on the connection's event loop only.
 */
public interface RequestDecoder {

    /** Whether part of a command has arrived but not all of it. */
    boolean hasPartialCommand();

    /** Commands emitted so far (the read-timeout guard watches it move). */
    long decodedCount();

    /** Asked before each command; while it answers false, nothing more is decoded and the bytes stay buffered. */
    void gate(BooleanSupplier mayDecode);

    /** Whether bytes have arrived that are not decoded yet (a partial command, or more held back by the gate). */
    boolean hasBufferedInput();

    /**
     * Fired down the pipeline when a connection's first byte chose the binary protocol, so the
     * handlers behind it watch the decoder that took over.
     */
    record Switched(RequestDecoder decoder) {
    }
}
