package io.ringcache.node.faults;

/** One thing the checker found wrong with one key, with the evidence in words. */
record Anomaly(Type type, String key, String detail) {

    enum Type {
        /** an acknowledged set read back older or missing, or a counter below its last acknowledged answer. */
        LOST,
        /** a value served after an acknowledged delete (and no later write of unknown outcome wrote it). */
        UNDONE_DELETE,
        /** a counter rose by more than its increments could explain. */
        DOUBLE_APPLIED,
        /** a counter answered below (or equal to) an answer acknowledged before it, or vanished. */
        BACKWARDS,
        /** a key served by a node after its TTL (plus a second of slack) had passed. */
        EXPIRY_VIOLATION,
        /** a value that only a write answered as failed (nothing applied) could have left. */
        PHANTOM,
        /** a node gave no usable answer to the read-back after the cluster settled. */
        UNREADABLE
    }

    @Override
    public String toString() {
        return type + " " + key + ": " + detail;
    }
}
