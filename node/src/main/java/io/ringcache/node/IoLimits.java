package io.ringcache.node;

import java.time.Duration;
import java.util.Objects;

/**
 * What one connection may cost the node, so that a client that does not read its answers, sends an
 * endless pipeline or asks for a gigabyte in one {@code get} can neither exhaust memory nor starve
 * the other connections of its event loop. Immutable, built by {@link #builder()}; every limit is
 * counted in {@code stats} when hit (node/README.md lists them).
 *
 * <ul>
 *   <li>{@link #requestsPerEvent()}: commands run for one connection before its event loop serves the
 *       others (memcached's {@code -R}, same default);</li>
 *   <li>{@link #outputBudgetBytes()}: answer bytes queued for a connection (in its socket's send
 *       queue, waiting behind a slower answer, or still to stream from a value) past which the node
 *       stops reading that connection, and stops a long answer between values, until the client
 *       has taken half of them;</li>
 *   <li>{@link #outputLimitBytes()}: the hard cap, past which the connection is closed. Only answers
 *       that complete on their own (forwarded requests) can push a paused connection past its budget;</li>
 *   <li>{@link #writeTimeout()}: a connection whose answers stay unread this long is closed;</li>
 *   <li>{@link #maxPendingReplies()}: answers a client's connection may be waiting for from other
 *       nodes at once; reading pauses at this many. Each is a request queued on a peer link ahead of
 *       every other client's, so this is also what one client's burst adds to the others' wait.
 *       Peers' own connections are exempt: what they carry is bounded where it came in;</li>
 *   <li>{@link #maxWatchers()}: connections per node that may hold an {@code rc_topology watch};</li>
 *   <li>{@link #receivingLimitBytes()}: bytes of values being received, all connections together,
 *       past which a new value is refused ({@code SERVER_ERROR out of memory storing object});</li>
 *   <li>{@link #maxPeerConnections()}: connections the peer listener keeps open, apart from the
 *       clients' {@code -c}, so that clients never take a member's place.</li>
 * </ul>
 */
public final class IoLimits {

    /** memcached's {@code -R} default. */
    public static final int DEFAULT_REQUESTS_PER_EVENT = 20;
    public static final long DEFAULT_OUTPUT_BUDGET_BYTES = 1024 * 1024;
    public static final long DEFAULT_OUTPUT_LIMIT_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_PENDING_REPLIES = 32;
    public static final int DEFAULT_MAX_WATCHERS = 1024;
    /** 64 slow 1 MB sets; fits in the heap bin/ringcache-node leaves beside the items at any -m. */
    public static final long DEFAULT_RECEIVING_LIMIT_BYTES = 64L * 1024 * 1024;
    /** Every member keeps a few connections to each other; this is room for a few hundred members. */
    public static final int DEFAULT_MAX_PEER_CONNECTIONS = 1024;

    private static final IoLimits DEFAULTS = builder().build();

    private final int requestsPerEvent;
    private final long outputBudgetBytes;
    private final long outputLimitBytes;
    private final Duration writeTimeout;
    private final int maxPendingReplies;
    private final int maxWatchers;
    private final long receivingLimitBytes;
    private final int maxPeerConnections;

    private IoLimits(Builder b) {
        this.requestsPerEvent = b.requestsPerEvent;
        this.outputBudgetBytes = b.outputBudgetBytes;
        this.outputLimitBytes = b.outputLimitBytes;
        this.writeTimeout = b.writeTimeout;
        this.maxPendingReplies = b.maxPendingReplies;
        this.maxWatchers = b.maxWatchers;
        this.receivingLimitBytes = b.receivingLimitBytes;
        this.maxPeerConnections = b.maxPeerConnections;
    }

    public static IoLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.requestsPerEvent = requestsPerEvent;
        b.outputBudgetBytes = outputBudgetBytes;
        b.outputLimitBytes = outputLimitBytes;
        b.writeTimeout = writeTimeout;
        b.maxPendingReplies = maxPendingReplies;
        b.maxWatchers = maxWatchers;
        b.receivingLimitBytes = receivingLimitBytes;
        b.maxPeerConnections = maxPeerConnections;
        return b;
    }

    public int requestsPerEvent() {
        return requestsPerEvent;
    }

    public long outputBudgetBytes() {
        return outputBudgetBytes;
    }

    public long outputLimitBytes() {
        return outputLimitBytes;
    }

    /** Zero disables it. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    public int maxPendingReplies() {
        return maxPendingReplies;
    }

    public int maxWatchers() {
        return maxWatchers;
    }

    public long receivingLimitBytes() {
        return receivingLimitBytes;
    }

    public int maxPeerConnections() {
        return maxPeerConnections;
    }

    @Override
    public String toString() {
        return "IoLimits{requestsPerEvent=" + requestsPerEvent + ", outputBudgetBytes=" + outputBudgetBytes
                + ", outputLimitBytes=" + outputLimitBytes + ", writeTimeout=" + writeTimeout
                + ", maxPendingReplies=" + maxPendingReplies + ", maxWatchers=" + maxWatchers
                + ", receivingLimitBytes=" + receivingLimitBytes + ", maxPeerConnections=" + maxPeerConnections + "}";
    }

    public static final class Builder {
        private int requestsPerEvent = DEFAULT_REQUESTS_PER_EVENT;
        private long outputBudgetBytes = DEFAULT_OUTPUT_BUDGET_BYTES;
        private long outputLimitBytes = DEFAULT_OUTPUT_LIMIT_BYTES;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
        private int maxPendingReplies = DEFAULT_MAX_PENDING_REPLIES;
        private int maxWatchers = DEFAULT_MAX_WATCHERS;
        private long receivingLimitBytes = DEFAULT_RECEIVING_LIMIT_BYTES;
        private int maxPeerConnections = DEFAULT_MAX_PEER_CONNECTIONS;

        private Builder() {
        }

        public Builder requestsPerEvent(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("requests per event must be >= 1, was " + requests);
            }
            this.requestsPerEvent = requests;
            return this;
        }

        /** At least 16 KiB: below that a connection would pause after every answer. */
        public Builder outputBudgetBytes(long bytes) {
            if (bytes < 16 * 1024) {
                throw new IllegalArgumentException("output budget must be >= 16 KiB, was " + bytes);
            }
            this.outputBudgetBytes = bytes;
            return this;
        }

        public Builder outputLimitBytes(long bytes) {
            if (bytes < 16 * 1024) {
                throw new IllegalArgumentException("output limit must be >= 16 KiB, was " + bytes);
            }
            this.outputLimitBytes = bytes;
            return this;
        }

        public Builder writeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "writeTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("write timeout must not be negative, was " + timeout);
            }
            this.writeTimeout = timeout;
            return this;
        }

        public Builder maxPendingReplies(int replies) {
            if (replies < 1) {
                throw new IllegalArgumentException("max pending replies must be >= 1, was " + replies);
            }
            this.maxPendingReplies = replies;
            return this;
        }

        public Builder maxWatchers(int watchers) {
            if (watchers < 0) {
                throw new IllegalArgumentException("max watchers must be >= 0, was " + watchers);
            }
            this.maxWatchers = watchers;
            return this;
        }

        /** At least the largest item (NodeSettings checks), or no large value could ever be stored. */
        public Builder receivingLimitBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("receiving limit must be >= 1 KiB, was " + bytes);
            }
            this.receivingLimitBytes = bytes;
            return this;
        }

        public Builder maxPeerConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("max peer connections must be >= 1, was " + connections);
            }
            this.maxPeerConnections = connections;
            return this;
        }

        public IoLimits build() {
            if (outputLimitBytes < outputBudgetBytes) {
                throw new IllegalArgumentException("output limit (" + outputLimitBytes
                        + ") must not be below the output budget (" + outputBudgetBytes + ")");
            }
            return new IoLimits(this);
        }
    }
}
