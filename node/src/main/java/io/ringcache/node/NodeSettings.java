package io.ringcache.node;

import io.ringcache.node.server.CommandObserver;
import io.ringcache.node.server.Transport;
import io.ringcache.node.store.Items;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a node is configured with; immutable, built by {@link #builder()}.
 *
 * <p>Defaults are memcached 1.6's, except where memcached's default is unsafe (timeouts are on, the
 * length of a {@code get} line is bounded); the README's limits table lists them all.
 */
public final class NodeSettings {

    /** memcached's KEY_MAX_LENGTH; not configurable there either, clients rely on it. */
    public static final int MAX_KEY_LENGTH = 250;

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 11211;
    public static final long DEFAULT_MEMORY_LIMIT_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int DEFAULT_MAX_ITEM_SIZE = 1024 * 1024;
    /** memcached closes a connection that sends this many bytes without a newline (unless a get). */
    public static final int DEFAULT_MAX_LINE_LENGTH = 2048;
    /** memcached lets a get line grow without bound; we stop at this many bytes. */
    public static final int DEFAULT_MAX_GET_LINE_LENGTH = 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_EVENT_LOOP_THREADS = 4;

    private final String host;
    private final int port;
    private final long memoryLimitBytes;
    private final int maxConnections;
    private final int maxItemSize;
    private final int maxLineLength;
    private final int maxGetLineLength;
    private final Duration idleTimeout;
    private final Duration readTimeout;
    private final int eventLoopThreads;
    private final boolean evictionEnabled;
    private final Transport transport;
    private final int verbosity;
    private final NodeClock clock;
    private final UnixSocket unixSocket;
    private final CommandObserver commandObserver;
    private final io.netty.handler.ssl.SslContext tls;
    private final io.ringcache.node.server.AuthFile authFile;
    private final IoLimits ioLimits;

    private NodeSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.memoryLimitBytes = b.memoryLimitBytes;
        this.maxConnections = b.maxConnections;
        this.maxItemSize = b.maxItemSize;
        this.maxLineLength = b.maxLineLength;
        this.maxGetLineLength = b.maxGetLineLength;
        this.idleTimeout = b.idleTimeout;
        this.readTimeout = b.readTimeout;
        this.eventLoopThreads = b.eventLoopThreads;
        this.evictionEnabled = b.evictionEnabled;
        this.transport = b.transport;
        this.verbosity = b.verbosity;
        this.clock = b.clock;
        this.unixSocket = b.unixSocket;
        this.commandObserver = b.commandObserver;
        this.tls = b.tls;
        this.authFile = b.authFile;
        this.ioLimits = b.ioLimits;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.memoryLimitBytes = memoryLimitBytes;
        b.maxConnections = maxConnections;
        b.maxItemSize = maxItemSize;
        b.maxLineLength = maxLineLength;
        b.maxGetLineLength = maxGetLineLength;
        b.idleTimeout = idleTimeout;
        b.readTimeout = readTimeout;
        b.eventLoopThreads = eventLoopThreads;
        b.evictionEnabled = evictionEnabled;
        b.transport = transport;
        b.verbosity = verbosity;
        b.clock = clock;
        b.unixSocket = unixSocket;
        b.commandObserver = commandObserver;
        b.tls = tls;
        b.authFile = authFile;
        b.ioLimits = ioLimits;
        return b;
    }

    /** TLS on the client port (memcached's {@code -Z}): a server context; null for plain TCP. */
    public io.netty.handler.ssl.SslContext tls() {
        return tls;
    }

    /** memcached's {@code -Y}: clients must authenticate with a user of this file first; null for none. */
    public io.ringcache.node.server.AuthFile authFile() {
        return authFile;
    }

    /** Address to listen on; memcached's default is every interface. */
    public String host() {
        return host;
    }

    /** The unix domain socket to listen on too (or only), or null for none. */
    public UnixSocket unixSocket() {
        return unixSocket;
    }

    /** Whether the node listens on TCP: always, unless a unix socket was asked for alone (memcached's -s). */
    public boolean listensOnTcp() {
        return unixSocket == null || unixSocket.tcpToo();
    }

    /** TCP port; 0 picks a free one (read it back with {@link CacheNode#port()}). */
    public int port() {
        return port;
    }

    /** Memory budget for items (keys, values and per-item overhead), memcached's {@code -m}. */
    public long memoryLimitBytes() {
        return memoryLimitBytes;
    }

    /** Open client connections beyond this get {@code ERROR Too many open connections}. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Largest item, counted as memcached counts it (value + key + its 58-byte header). */
    public int maxItemSize() {
        return maxItemSize;
    }

    public int maxKeyLength() {
        return MAX_KEY_LENGTH;
    }

    /** Longest command line (without its data block) for everything but retrieval commands. */
    public int maxLineLength() {
        return maxLineLength;
    }

    /** Longest get/gets/gat/gats line. */
    public int maxGetLineLength() {
        return maxGetLineLength;
    }

    /** A connection with no traffic for this long is closed; zero disables. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** A command started but not completed within this long closes the connection; zero disables. */
    public Duration readTimeout() {
        return readTimeout;
    }

    public int eventLoopThreads() {
        return eventLoopThreads;
    }

    /** When false (memcached's {@code -M}), a full cache refuses writes instead of evicting. */
    public boolean evictionEnabled() {
        return evictionEnabled;
    }

    /** The event loops' transport as asked for ({@link Transport#resolve} gives the one used). */
    public Transport transport() {
        return transport;
    }

    public int verbosity() {
        return verbosity;
    }

    public NodeClock clock() {
        return clock;
    }

    /** Told each command's execution time (the admin port's latency histograms); null when metrics are off. */
    public CommandObserver commandObserver() {
        return commandObserver;
    }

    /** What one connection may cost: queued answers, requests per turn, timeouts ({@link IoLimits}). */
    public IoLimits ioLimits() {
        return ioLimits;
    }

    @Override
    public String toString() {
        return "NodeSettings{host=" + host + ", port=" + port + ", memoryLimitBytes=" + memoryLimitBytes
                + ", maxConnections=" + maxConnections + ", maxItemSize=" + maxItemSize
                + ", maxLineLength=" + maxLineLength + ", maxGetLineLength=" + maxGetLineLength
                + ", idleTimeout=" + idleTimeout + ", readTimeout=" + readTimeout
                + ", eventLoopThreads=" + eventLoopThreads + ", evictionEnabled=" + evictionEnabled + ", transport=" + transport
                + ", verbosity=" + verbosity + ", ioLimits=" + ioLimits + "}";
    }

    public static final class Builder {
        private io.netty.handler.ssl.SslContext tls;
        private io.ringcache.node.server.AuthFile authFile;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private long memoryLimitBytes = DEFAULT_MEMORY_LIMIT_BYTES;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxItemSize = DEFAULT_MAX_ITEM_SIZE;
        private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
        private int maxGetLineLength = DEFAULT_MAX_GET_LINE_LENGTH;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private int eventLoopThreads = DEFAULT_EVENT_LOOP_THREADS;
        private boolean evictionEnabled = true;
        private Transport transport = Transport.AUTO;
        private int verbosity;
        private NodeClock clock = NodeClock.system();
        private UnixSocket unixSocket;
        private CommandObserver commandObserver;
        private IoLimits ioLimits = IoLimits.defaults();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder memoryLimitBytes(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("memoryLimitBytes must be at least 1 MiB, was " + bytes);
            }
            this.memoryLimitBytes = bytes;
            return this;
        }

        public Builder memoryLimitMegabytes(long megabytes) {
            if (megabytes < 1 || megabytes > Long.MAX_VALUE / (1024 * 1024)) {
                throw new IllegalArgumentException("memory limit must be at least 1 MB, was " + megabytes);
            }
            return memoryLimitBytes(megabytes * 1024 * 1024);
        }

        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** memcached accepts 1 KiB to 1 GiB for {@code -I}. */
        public Builder maxItemSize(int bytes) {
            if (bytes < 1024 || bytes > 1024 * 1024 * 1024) {
                throw new IllegalArgumentException("maxItemSize must be in [1 KiB, 1 GiB], was " + bytes);
            }
            this.maxItemSize = bytes;
            return this;
        }

        public Builder maxLineLength(int bytes) {
            if (bytes < 512) {
                throw new IllegalArgumentException("maxLineLength must be >= 512, was " + bytes);
            }
            this.maxLineLength = bytes;
            return this;
        }

        public Builder maxGetLineLength(int bytes) {
            if (bytes < 512) {
                throw new IllegalArgumentException("maxGetLineLength must be >= 512, was " + bytes);
            }
            this.maxGetLineLength = bytes;
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = nonNegative(timeout, "idleTimeout");
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = nonNegative(timeout, "readTimeout");
            return this;
        }

        public Builder eventLoopThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("eventLoopThreads must be >= 1, was " + threads);
            }
            this.eventLoopThreads = threads;
            return this;
        }

        /** Listens on a unix domain socket (null: none); see {@link UnixSocket#tcpToo()}. */
        public Builder unixSocket(UnixSocket unixSocket) {
            this.unixSocket = unixSocket;
            return this;
        }

        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder evictionEnabled(boolean enabled) {
            this.evictionEnabled = enabled;
            return this;
        }

        public Builder verbosity(int verbosity) {
            if (verbosity < 0) {
                throw new IllegalArgumentException("verbosity must be >= 0, was " + verbosity);
            }
            this.verbosity = verbosity;
            return this;
        }

        public Builder clock(NodeClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Times every command (costs two clock reads per command); null, the default, times none. */
        public Builder commandObserver(CommandObserver observer) {
            this.commandObserver = observer;
            return this;
        }

        public Builder tls(io.netty.handler.ssl.SslContext serverContext) {
            if (serverContext != null && !serverContext.isServer()) {
                throw new IllegalArgumentException("tls needs a server SslContext");
            }
            this.tls = serverContext;
            return this;
        }

        public Builder authFile(io.ringcache.node.server.AuthFile authFile) {
            this.authFile = authFile;
            return this;
        }

        public Builder ioLimits(IoLimits limits) {
            this.ioLimits = Objects.requireNonNull(limits, "ioLimits");
            return this;
        }

        public NodeSettings build() {
            if (ioLimits.receivingLimitBytes() < (long) maxItemSize + Items.HEADER_BYTES) {
                throw new IllegalArgumentException("the receiving limit (" + ioLimits.receivingLimitBytes()
                        + ") must hold at least one item of maxItemSize (" + maxItemSize + ")");
            }
            if (maxLineLength > maxGetLineLength) {
                throw new IllegalArgumentException("maxLineLength (" + maxLineLength
                        + ") must not exceed maxGetLineLength (" + maxGetLineLength + ")");
            }
            return new NodeSettings(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            return d;
        }
    }
}
