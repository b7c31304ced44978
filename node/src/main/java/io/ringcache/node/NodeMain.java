package io.ringcache.node;

import io.ringcache.membership.ClusterSecret;
import io.ringcache.node.admin.AdminServer;
import io.ringcache.node.admin.AdminSources;
import io.ringcache.node.admin.CommandLatency;
import io.ringcache.node.cluster.ClusterNode;
import io.ringcache.ring.HostPort;
import io.ringcache.node.cluster.ClusterSettings;
import io.ringcache.node.server.ListenException;
import io.ringcache.node.server.NodeServer;
import io.ringcache.node.server.TlsOptions;
import io.ringcache.node.server.Transport;
import io.ringcache.node.server.StatsReport;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringcache-node}: starts one node with memcached's command-line flags. */
@Command(name = "ringcache-node", mixinStandardHelpOptions = true, version = StatsReport.VERSION,
        description = "A memcached-protocol cache node. Flags follow memcached's.")
public final class NodeMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(NodeMain.class);
    /** Beyond the leave timeout, what closing the sockets and event loops may take before the process halts. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    @Option(names = {"-p", "--port"}, paramLabel = "<num>", description = "TCP port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port = NodeSettings.DEFAULT_PORT;

    @Option(names = {"-l", "--listen"}, paramLabel = "<addr>", description = "interface to listen on (default: ${DEFAULT-VALUE})")
    String host = NodeSettings.DEFAULT_HOST;

    @Option(names = {"-s", "--unix-socket"}, paramLabel = "<file>", description = "unix socket to listen on; a node alone then serves no TCP (memcached's rule), a cluster member serves both")
    java.nio.file.Path unixSocket;

    @Option(names = {"-a", "--unix-mask"}, paramLabel = "<mask>", description = "permissions of the unix socket, in octal (default: 700)")
    String unixMask = "700";

    @Option(names = {"-m", "--memory-limit"}, paramLabel = "<num>", description = "item memory in megabytes (default: ${DEFAULT-VALUE})")
    long memoryMegabytes = NodeSettings.DEFAULT_MEMORY_LIMIT_BYTES / (1024 * 1024);

    @Option(names = {"-c", "--conn-limit"}, paramLabel = "<num>", description = "max simultaneous connections (default: ${DEFAULT-VALUE})")
    int maxConnections = NodeSettings.DEFAULT_MAX_CONNECTIONS;

    @Option(names = {"-I", "--max-item-size"}, paramLabel = "<size>", description = "max item size, e.g. 1m, 512k, 2097152 (default: 1m)")
    String maxItemSize = "1m";

    @Option(names = {"-t", "--threads"}, paramLabel = "<num>", description = "event-loop threads (default: ${DEFAULT-VALUE})")
    int threads = NodeSettings.DEFAULT_EVENT_LOOP_THREADS;

    @Option(names = {"-M", "--disable-evictions"}, description = "return an error on memory exhausted instead of evicting")
    boolean disableEvictions;

    @Option(names = {"-v", "--verbose"}, description = "verbose (repeat for more: -vv)")
    boolean[] verbose = new boolean[0];

    @Option(names = {"--idle-timeout"}, paramLabel = "<seconds>", description = "close connections idle this long; 0 = never (default: ${DEFAULT-VALUE})")
    long idleTimeoutSeconds = NodeSettings.DEFAULT_IDLE_TIMEOUT.toSeconds();

    @Option(names = "--node-id", paramLabel = "<id>", description = "join a cluster under this node id ([A-Za-z0-9._-]); without it the node runs alone")
    String nodeId;

    @Option(names = "--seeds", split = ",", paramLabel = "<host:port>", description = "gossip addresses of cluster members to join through")
    java.util.List<String> seeds = java.util.List.of();

    @Option(names = "--gossip-port", paramLabel = "<num>", description = "gossip port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int gossipPort = 7946;

    @Option(names = "--peer-port", paramLabel = "<num>", description = "port the other members connect to (default: the client port + 10000; 0 picks a free one). Expose it to members only")
    Integer peerPort;

    @Option(names = "--cluster-secret-file", paramLabel = "<path>", description = "file holding the cluster secret, mode 0600 (default: the file named by $"
            + ClusterSecret.ENVIRONMENT_VARIABLE + "). Required with --node-id")
    java.nio.file.Path clusterSecretFile;

    @Option(names = {"-Z", "--enable-ssl"}, description = "TLS on the client port (memcached's flag); the files come from -o ssl_chain_cert=...,ssl_key=...")
    boolean enableTls;

    @Option(names = {"-o", "--extended"}, paramLabel = "<opt=value,...>", description = "memcached's extended options; this node knows the TLS ones: "
            + "ssl_chain_cert, ssl_key, ssl_ca_cert, ssl_verify_mode (0 none, 1 request, 2 require a client certificate), ssl_min_version (2: TLS 1.2, 3: TLS 1.3)")
    java.util.List<String> extended = new java.util.ArrayList<>();

    @Option(names = {"-Y", "--auth-file"}, paramLabel = "<file>", description = "memcached's ASCII authentication: clients first send a set whose data is \"user password\" of a user:password line of this file")
    java.nio.file.Path authFile;

    @Option(names = "--peer-tls", description = "mutual TLS between members on the peer port, with the -o ssl_chain_cert / ssl_key certificate and the members' CA in ssl_ca_cert")
    boolean peerTls;

    @Option(names = "--advertise-host", paramLabel = "<host>", description = "host other members and smart clients reach this node at (default: the -l address)")
    String advertiseHost;

    @Option(names = "--zone", paramLabel = "<zone>", description = "failure zone; replicas go to distinct zones first (default: ${DEFAULT-VALUE})")
    String zone = "default";

    @Option(names = "--weight", paramLabel = "<num>", description = "share of keys relative to other members (default: ${DEFAULT-VALUE})")
    int weight = 100;

    @Option(names = "--rf", paramLabel = "<num>", description = "copies of every item (default: ${DEFAULT-VALUE})")
    int replicationFactor = 2;

    @Option(names = "--replication", paramLabel = "sync|async", description = "answer writes after the replicas acknowledged (sync, default) or at once (async)")
    String replication = "sync";

    @Option(names = "--preset", paramLabel = "local|lan|wan", description = "failure-detection timings (default: ${DEFAULT-VALUE})")
    String preset = "lan";

    @Option(names = "--rebalance-rate", paramLabel = "items/s", description = "items per second this node may send when the ring changes; 0 = unthrottled (default: ${DEFAULT-VALUE})")
    long rebalanceRate = 100_000;

    @Option(names = "--leave-timeout", paramLabel = "<seconds>", description = "on SIGTERM, how long to hand this node's items to their new owners before exiting; 0 = exit at once (default: ${DEFAULT-VALUE})")
    long leaveTimeoutSeconds = ClusterSettings.DEFAULT_LEAVE_HANDOFF_TIMEOUT.toSeconds();

    @Option(names = "--transport", paramLabel = "auto|io_uring|epoll|nio", description = "how the event loops talk to the kernel; auto takes io_uring, then epoll, then nio, whichever this machine allows (default: ${DEFAULT-VALUE})")
    String transport = "auto";

    @Option(names = {"--read-timeout"}, paramLabel = "<seconds>", description = "close connections whose command stays incomplete this long; 0 = never (default: ${DEFAULT-VALUE})")
    long readTimeoutSeconds = NodeSettings.DEFAULT_READ_TIMEOUT.toSeconds();

    @Option(names = "--admin-port", paramLabel = "<num>", description = "serve /metrics (Prometheus), /health, the dashboard (/) and the admin API on this HTTP port, on the -l interface; 0 picks a free one (default: off)")
    Integer adminPort;

    @Option(names = {"-R", "--max-reqs-per-event"}, paramLabel = "<num>", description = "commands run for one connection before the others of its event loop go first (default: ${DEFAULT-VALUE})")
    int requestsPerEvent = IoLimits.DEFAULT_REQUESTS_PER_EVENT;

    @Option(names = "--conn-output-budget", paramLabel = "<size>", description = "answer bytes queued for one connection past which it is not read until the client takes half (default: 1m)")
    String outputBudget = "1m";

    @Option(names = "--conn-output-limit", paramLabel = "<size>", description = "answer bytes queued for one connection past which it is closed (default: 64m)")
    String outputLimit = "64m";

    @Option(names = "--write-timeout", paramLabel = "<seconds>", description = "close connections that take none of their answers this long; 0 = never (default: ${DEFAULT-VALUE})")
    long writeTimeoutSeconds = IoLimits.DEFAULT_WRITE_TIMEOUT.toSeconds();

    @Option(names = "--max-pending-replies", paramLabel = "<num>", description = "answers one connection may wait for from other nodes before it is not read (default: ${DEFAULT-VALUE})")
    int maxPendingReplies = IoLimits.DEFAULT_MAX_PENDING_REPLIES;

    @Option(names = "--max-watchers", paramLabel = "<num>", description = "connections that may hold an rc_topology watch on this node (default: ${DEFAULT-VALUE})")
    int maxWatchers = IoLimits.DEFAULT_MAX_WATCHERS;

    @Option(names = "--peer-conn-limit", paramLabel = "<num>", description = "connections the peer listener keeps open, apart from -c (default: ${DEFAULT-VALUE})")
    int maxPeerConnections = IoLimits.DEFAULT_MAX_PEER_CONNECTIONS;

    @Option(names = "--receiving-limit", paramLabel = "<size>", description = "bytes of values being received, all connections together, past which a new value is refused (default: 64m, or 2 x -I if more)")
    String receivingLimit;

    /** What memcached exits with when it cannot listen (sysexits' EX_OSERR). */
    static final int EXIT_CANNOT_LISTEN = 71;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with a port that cannot be had said in one line, as memcached does, not as a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new NodeMain()).setExecutionExceptionHandler((failure, command, parsed) -> {
            ListenException listen = ListenException.in(failure);
            if (listen == null) {
                throw failure;
            }
            command.getErr().println("ringcache-node: " + listen.getMessage());
            return EXIT_CANNOT_LISTEN;
        });
    }

    @Override
    public Integer call() throws InterruptedException {
        if (adminPort != null && (adminPort < 0 || adminPort > 65535)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--admin-port must be in [0, 65535]");
        }
        CommandLatency latency = adminPort == null ? null : new CommandLatency();
        NodeSettings settings = NodeSettings.builder()
                .host(host)
                .port(port)
                .memoryLimitMegabytes(memoryMegabytes)
                .maxConnections(maxConnections)
                .maxItemSize(parseSize(maxItemSize))
                .eventLoopThreads(threads)
                .evictionEnabled(!disableEvictions)
                .verbosity(verbose.length)
                .idleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
                .readTimeout(Duration.ofSeconds(readTimeoutSeconds))
                .transport(transportOption())
                .unixSocket(unixSocketOption())
                .commandObserver(latency)
                .tls(enableTls ? tlsOptions(true).serverContext() : null)
                .authFile(authFile == null ? null : readAuthFile())
                .ioLimits(IoLimits.builder()
                        .requestsPerEvent(requestsPerEvent)
                        .outputBudgetBytes(parseSize(outputBudget))
                        .outputLimitBytes(parseSize(outputLimit))
                        .writeTimeout(Duration.ofSeconds(writeTimeoutSeconds))
                        .maxPendingReplies(maxPendingReplies)
                        .maxWatchers(maxWatchers)
                        .maxPeerConnections(maxPeerConnections)
                        .receivingLimitBytes(receivingLimit != null ? parseSize(receivingLimit)
                                : Math.max(IoLimits.DEFAULT_RECEIVING_LIMIT_BYTES, 2L * parseSize(maxItemSize)))
                        .build())
                .build();
        AutoCloseable running;
        String address;
        AdminServer admin = null;
        if (nodeId == null) {
            CacheNode node = CacheNode.start(settings);
            running = node;
            address = settings.listensOnTcp() ? hostPort(node.address()) : "unix socket " + unixSocket;
            if (adminPort != null) {
                admin = AdminServer.start(host, adminPort, new AdminSources(node.statsReport(), null, latency, null,
                        settings.listensOnTcp() ? hostPort(node.address()) : "unix socket " + unixSocket, null));
            }
        } else {
            if (!replication.equals("sync") && !replication.equals("async")) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--replication must be sync or async");
            }
            ClusterSecret secret = clusterSecret();
            ClusterNode node = ClusterNode.start(settings, new ClusterSettings(nodeId, seeds, gossipPort,
                    advertiseHost != null ? advertiseHost : host, zone, weight, replicationFactor,
                    replication.equals("sync"), preset, rebalanceRate, Duration.ofSeconds(leaveTimeoutSeconds),
                    peerPortOption(), secret, peerTls ? tlsOptions(true) : null));
            running = node;
            address = hostPort(node.address()) + (unixSocket != null ? " and unix socket " + unixSocket : "");
            if (adminPort != null) {
                // a leave asked on the admin port takes the SIGTERM path: the shutdown hook below hands
                // the items over, then the process exits
                admin = AdminServer.start(host, adminPort, new AdminSources(node.statsReport(), node::state, latency,
                        () -> System.exit(0), HostPort.format(advertiseHost != null ? advertiseHost : host,
                        node.address().getPort()), secret));
            }
            log.info("cluster node {}: peers on {}, gossip on {}, seeds {}, rf {}, {} replication", nodeId,
                    hostPort(node.peerAddress()), node.gossipAddress(), seeds, replicationFactor, replication);
        }
        if (enableTls || peerTls) {
            log.info("TLS engine {}: {}{}", TlsOptions.provider(), enableTls ? "client port" : "",
                    peerTls ? (enableTls ? ", " : "") + "peer port (mutual)" : "");
        }
        if (authFile != null) {
            log.info("clients authenticate first (-Y {}: {} users)", authFile, settings.authFile().size());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AdminServer adminServer = admin;
        if (admin != null) {
            log.info("admin port: http://{}/ (dashboard), /metrics, /health", HostPort.format(host, admin.port()));
        }
        Duration stopDeadline = (nodeId == null ? Duration.ZERO : Duration.ofSeconds(leaveTimeoutSeconds)).plus(STOP_GRACE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            StopDeadline.start(stopDeadline);
            try {
                running.close(); // a cluster node leaves gracefully first
                if (adminServer != null) {
                    adminServer.close();
                }
            } catch (Exception e) {
                log.warn("stopping: {}", e.toString());
            }
            stopped.countDown();
        }, "ringcache-node-shutdown"));
        log.info("ringcache-node {} listening on {} ({}, {} threads, {} MB, max item {} bytes; JVM heap {} MB, direct {} MB)",
                StatsReport.VERSION, address, NodeServer.transportName(settings),
                threads, memoryMegabytes, settings.maxItemSize(), Runtime.getRuntime().maxMemory() >> 20,
                io.netty.util.internal.PlatformDependent.maxDirectMemory() >> 20);
        warnIfHeapTooSmall(settings);
        stopped.await();
        return 0;
    }

    private UnixSocket unixSocketOption() {
        if (unixSocket == null) {
            return null;
        }
        try {
            return new UnixSocket(unixSocket, Integer.parseInt(unixMask, 8), nodeId != null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "-a must be an octal mask such as 700, was " + unixMask);
        }
    }

    /**
     * Items live on the heap, counted with their overhead against -m; a heap not well above that
     * fills before the cache does and the node spends its time collecting (bin/ringcache-node sizes
     * it 1.5 x -m + 128 MB).
     */
    private static void warnIfHeapTooSmall(NodeSettings settings) {
        long heap = Runtime.getRuntime().maxMemory();
        if (heap < settings.memoryLimitBytes() + settings.memoryLimitBytes() / 4) {
            log.warn("the JVM heap ({} MB) leaves little room above -m ({} MB); start the node with bin/ringcache-node, "
                    + "which sizes it from -m, or give -Xmx of at least 1.5 x -m", heap >> 20, settings.memoryLimitBytes() >> 20);
        }
    }

    /** The default peer port is the client port + 10000, as Redis Cluster's bus; a free one with -p 0. */
    private int peerPortOption() {
        int chosen = peerPort != null ? peerPort : port == 0 ? 0 : port + ClusterSettings.PEER_PORT_OFFSET;
        if (chosen < 0 || chosen > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--peer-port: " + chosen
                    + " is not a port (the default is the client port + " + ClusterSettings.PEER_PORT_OFFSET
                    + "); give one with --peer-port");
        }
        return chosen;
    }

    /** The -o TLS options; {@code required}: -Z or --peer-tls was given, so they must be there. */
    private TlsOptions tlsOptions(boolean required) {
        try {
            TlsOptions options = TlsOptions.parse(extended);
            if (options == null && required) {
                throw new IllegalArgumentException("-Z and --peer-tls need -o ssl_chain_cert=<pem>,ssl_key=<pem>");
            }
            return options;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    private io.ringcache.node.server.AuthFile readAuthFile() {
        try {
            return io.ringcache.node.server.AuthFile.read(authFile);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "-Y: " + e.getMessage());
        }
    }

    /** From the flag, else the file the environment names; a cluster member cannot go without one. */
    private ClusterSecret clusterSecret() {
        java.nio.file.Path file = clusterSecretFile;
        if (file == null && System.getenv(ClusterSecret.ENVIRONMENT_VARIABLE) != null) {
            file = java.nio.file.Path.of(System.getenv(ClusterSecret.ENVIRONMENT_VARIABLE));
        }
        if (file == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--node-id needs the cluster secret: "
                    + "--cluster-secret-file <path> or $" + ClusterSecret.ENVIRONMENT_VARIABLE + " naming a file of "
                    + ClusterSecret.MIN_BYTES + "+ random bytes, mode 0600 (e.g. head -c 32 /dev/urandom | base64 > f; "
                    + "chmod 600 f); see docs/security.md");
        }
        try {
            return ClusterSecret.read(file);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    private Transport transportOption() {
        try {
            return Transport.parse(transport);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--" + e.getMessage());
        }
    }

    private static String hostPort(java.net.InetSocketAddress address) {
        return HostPort.format(address.getHostString(), address.getPort());
    }

    /** memcached's -I syntax: a byte count, or a number with a k or m suffix. */
    static int parseSize(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        long multiplier = 1;
        if (s.endsWith("k")) {
            multiplier = 1024;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            multiplier = 1024 * 1024;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long bytes = Long.parseLong(s) * multiplier;
            if (bytes > Integer.MAX_VALUE) {
                throw new CommandLine.TypeConversionException("item size too large: " + text);
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a size: " + text);
        }
    }
}
