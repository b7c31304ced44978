package io.ringcache.node.store;

/**
 * The result of incr/decr: the status and, when the item was updated, the new item (its value is
 * the decimal digits of the new number, which is exactly what the client is sent back).
 */
public record ArithmeticResult(Status status, byte[] item) {

    public enum Status { UPDATED, NOT_FOUND, NON_NUMERIC }

    static final ArithmeticResult NOT_FOUND = new ArithmeticResult(Status.NOT_FOUND, null);
    static final ArithmeticResult NON_NUMERIC = new ArithmeticResult(Status.NON_NUMERIC, null);
}
