package io.ringcache.node.store;

/**
 * A meta arithmetic (ma) request: the delta and direction; on a miss, whether to create the counter
 * (N) with which exptime and initial value (J); on success, whether to reset the exptime (T).
 */
public record ArithmeticRequest(boolean increment, long delta, boolean vivify, long vivifyExptime, long initial,
        boolean touch, long exptime, CasRule cas) {
}
