package io.ringcache.node.store;

/**
 * How a meta write treats CAS uniques: compare against {@code expected} first (C), accept an older
 * unique and mark the item stale instead of refusing (I, with C), and give the changed item
 * {@code newCas} rather than the next unique of the node's counter (E).
 */
public record CasRule(boolean compare, long expected, boolean invalidate, boolean explicit, long newCas) {

    public static final CasRule NONE = new CasRule(false, 0, false, false, 0);
}
