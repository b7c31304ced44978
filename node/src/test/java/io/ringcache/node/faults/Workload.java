package io.ringcache.node.faults;

import java.time.Duration;

/**
 * What each writer does: how many keys of each type it owns and the bounds of its run.
 *
 * @param registerKeys keys written with set (unique values) and delete, no TTL
 * @param counterKeys keys set to 0 once, then incremented by 1
 * @param expiringKeys keys set once, then given {@code ttlSeconds} by touch, gat or mg T (in turn)
 * @param deleteShare share of register operations that are deletes (the rest are sets)
 * @param counterShare share of operations that are increments (the rest go to registers)
 * @param maxOps at most this many operations per writer, whatever the run's length
 * @param requestTimeout how long a writer waits for one answer before it counts the outcome unknown
 */
record Workload(int registerKeys, int counterKeys, int expiringKeys, int ttlSeconds, double deleteShare,
        double counterShare, int maxOps, Duration requestTimeout) {

    /** 250 registers and 25 counters per writer, a quarter of register writes deletes, 30% increments. */
    static Workload standard() {
        return new Workload(250, 25, 0, 0, 0.25, 0.3, 200_000, Duration.ofSeconds(10));
    }

    Workload withExpiring(int keys, int ttl) {
        return new Workload(registerKeys, counterKeys, keys, ttl, deleteShare, counterShare, maxOps, requestTimeout);
    }

    Workload withRequestTimeout(Duration timeout) {
        return new Workload(registerKeys, counterKeys, expiringKeys, ttlSeconds, deleteShare, counterShare, maxOps, timeout);
    }
}
