package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;

/**
 * Where a connection's answers go, in request order. Answers the executor has now are written at
 * once; an answer that will come later (a command forwarded to another node) takes a place in the
 * order with {@link #defer()}, and everything written after it waits behind it.
 *
 * <p>Threading: every method is called on the connection's event loop, except
 * {@link DeferredReply#complete}, which may be called from any thread.
 */
public interface ReplySink {

    /** A buffer to append small answer bytes to; valid until the next call on this sink. */
    ByteBuf buffer();

    /**
     * Appends value bytes. Small values are copied at once; larger ones are streamed to the socket
     * from {@code array} as the client takes them, so the array must not change (stored items never do).
     */
    void writeValue(byte[] array, int offset, int length);

    /**
     * How the classic commands' results are said on this connection: memcached's text words unless
     * the connection speaks the binary protocol, where it is the current request's packet encoder.
     */
    default Answers answers() {
        return TextAnswers.INSTANCE;
    }

    /**
     * Whether the answers queued for this connection passed its output budget: a command that writes
     * many values (a multi-get) checks after each and, when it has, stops and continues in
     * {@link #resumeWhenDrained}.
     */
    default boolean overBudget() {
        return false;
    }

    /**
     * Runs {@code rest} once the client has taken half the budget; nothing else on this connection is
     * read or answered meanwhile, so the answer stays whole and in order. Dropped if the connection
     * closes first. At most one at a time.
     */
    default void resumeWhenDrained(Runnable rest) {
        throw new UnsupportedOperationException("this sink is never over budget");
    }

    /** Reserves the next place in the answer order for an answer that completes later. */
    DeferredReply defer();

    /**
     * Reserves the next place in the answer order for an answer that arrives in parts, so that a large
     * answer assembled elsewhere (a multi-get whose values other nodes hold) is never held whole.
     */
    default DeferredStream deferStream() {
        throw new UnsupportedOperationException("this sink answers whole");
    }

    /** Closes the connection once every answer before this point has been written. */
    void closeAfterReplies();

    /**
     * Writes bytes that no request asked for just now (rc_topology watch pushes a new ring), from any
     * thread, on the connection's event loop, flushed. Returns false once the connection is closed.
     */
    default boolean push(java.util.function.Consumer<ByteBuf> writer) {
        throw new UnsupportedOperationException("this sink has no connection");
    }

    /** Runs {@code action} when the connection closes (at once if it already has); any thread. */
    default void whenClosed(Runnable action) {
        throw new UnsupportedOperationException("this sink has no connection");
    }

    /** Who sent this connection's requests; {@link ConnectionRole#CLIENT} until a peer says otherwise. */
    default ConnectionRole role() {
        return ConnectionRole.CLIENT;
    }

    /** Marks the connection (rc_peer). */
    default void role(ConnectionRole role) {
        throw new UnsupportedOperationException("this sink has no connection");
    }
}
