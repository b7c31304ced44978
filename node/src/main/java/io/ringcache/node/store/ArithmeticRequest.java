package io.ringcache.node.store;

/**
 * A meta arithmetic (ma) request: the delta and direction; on a miss, whether to create the counter
 * (N) and with which initial value (J). memcached applies T (new TTL) and N (the created counter's
 * TTL) after the arithmetic, in the order the client wrote them, and t reports the TTL as it stands
 * at its own place among them; {@code steps} holds the letters T, N and t in request order.
 */
public record ArithmeticRequest(boolean increment, long delta, boolean vivify, long vivifyExptime, long initial,
        long touchExptime, byte[] steps, CasRule cas) {
}
