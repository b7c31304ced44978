package io.ringcache.ring;

import java.util.Objects;

/**
 * What every process must agree on besides the membership history: the replication factor, the
 * number of tokens a joining node places (balanced mode), and the placement mode.
 */
public record RingParameters(int replicationFactor, int vnodes, Mode mode) {

    public static final int DEFAULT_REPLICATION_FACTOR = 2;
    public static final int DEFAULT_VNODES = 128;
    public static final int MAX_REPLICATION_FACTOR = 16;
    public static final int MAX_VNODES = 4096;

    /** How keys are placed. */
    public enum Mode {
        /**
         * ringcache's own placement: tokens placed to balance load exactly, a pure function of the
         * join/leave history; keys hashed with XXH3-64.
         */
        BALANCED,
        /**
         * libmemcached's weighted ketama (= twemproxy with {@code hash: md5}, = spymemcached's
         * LIBMEMCACHED format): plain memcached clients send each key straight to its primary.
         */
        KETAMA_LIBMEMCACHED,
        /** spymemcached's default ketama (SPYMEMCACHED format). */
        KETAMA_SPYMEMCACHED
    }

    public RingParameters {
        Objects.requireNonNull(mode, "mode");
        if (replicationFactor < 1 || replicationFactor > MAX_REPLICATION_FACTOR) {
            throw new IllegalArgumentException("replication factor must be 1.." + MAX_REPLICATION_FACTOR
                    + ", was " + replicationFactor);
        }
        if (vnodes < 2 || vnodes > MAX_VNODES) {
            throw new IllegalArgumentException("vnodes must be 2.." + MAX_VNODES + ", was " + vnodes);
        }
    }

    public static RingParameters defaults() {
        return new RingParameters(DEFAULT_REPLICATION_FACTOR, DEFAULT_VNODES, Mode.BALANCED);
    }

    public RingParameters withReplicationFactor(int rf) {
        return new RingParameters(rf, vnodes, mode);
    }

    public RingParameters withVnodes(int n) {
        return new RingParameters(replicationFactor, n, mode);
    }

    public RingParameters withMode(Mode m) {
        return new RingParameters(replicationFactor, vnodes, m);
    }
}
