package io.ringcache.node.faults;

/**
 * One operation a writer or reader sent, as its client saw it: when it started and ended (the
 * run's clock, milliseconds), what came back and what that answer means for the key's state.
 *
 * @param arg the value written (SET), the TTL in seconds (TOUCH, GAT, MG_T), empty otherwise
 * @param answer the answer's first line (STORED, DELETED, NOT_FOUND, the incremented number, the
 *     value read, MISS) or why there is none (timeout, connection lost)
 */
record Op(String key, Kind kind, String arg, long startMillis, long endMillis, Outcome outcome, String answer) {

    /** What the operation does to its key. */
    enum Kind {
        /** set key to a value no other operation writes. */
        SET,
        DELETE,
        /** incr by 1 on a counter key. */
        INCR,
        /** touch, gat and mg T: a new TTL on an existing item. */
        TOUCH,
        GAT,
        MG_T,
        /** a get of a counter key by a reader while the writers run. */
        READ
    }

    /** How far the client knows the operation's effect. */
    enum Outcome {
        /** answered: the answer says what happened. */
        OK,
        /** a definite answer that means nothing was applied (NOT_STORED, SERVER_ERROR joining, CLIENT_ERROR...). */
        FAILED,
        /** no answer (timeout, connection lost) or SERVER_ERROR: it may or may not have been applied. */
        UNKNOWN
    }

    /** The answer a miss (get, gat, mg) is recorded with. */
    static final String MISS = "MISS";

    boolean ok() {
        return outcome == Outcome.OK;
    }

    boolean unknown() {
        return outcome == Outcome.UNKNOWN;
    }

    long millis() {
        return endMillis - startMillis;
    }

    @Override
    public String toString() {
        return kind + (arg.isEmpty() ? "" : " " + arg) + " [" + startMillis + "-" + endMillis + " ms] " + outcome
                + " " + answer;
    }
}
