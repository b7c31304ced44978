package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;

/**
 * A place in a connection's answer order filled in parts, for an answer too large to hold whole
 * (a multi-get whose values come from other nodes): the producer writes a part, asks to be told when
 * the connection can take more, and fetches the next part only then, so that it never holds more than
 * a part and the connection never queues more than its budget.
 *
 * <p>Threading: every method may be called from any thread; {@link #whenReady}'s action runs on the
 * connection's event loop.
 */
public interface DeferredStream {

    /** Appends the next part of the answer (ownership passes to the connection). */
    void write(ByteBuf part);

    /**
     * Runs {@code next} once this answer is the one being written (every answer before it is out) and
     * the connection's queued answers are under half its output budget (at once if both hold already).
     * Never run if the connection closes first. So of the streams a client pipelines, only the one
     * being written fetches: the others wait without holding anything.
     */
    void whenReady(Runnable next);

    /** Ends the answer; the answers after it follow. */
    void end();

    /**
     * How many bytes a part should stay near: half the connection's output budget, the level
     * {@link #whenReady} waits for, so that one part never takes the connection far past its budget.
     */
    long partBytes();
}
