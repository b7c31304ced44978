package io.ringcache.node.cluster;

import io.ringcache.client.ClientResources;
import io.ringcache.client.ClientSettings;
import io.ringcache.membership.Membership;
import io.ringcache.membership.MembershipSettings;
import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.server.ListenException;
import io.ringcache.node.server.PeerListener;
import io.ringcache.node.store.Tombstones;
import io.ringcache.ring.HostPort;
import com.github.benmanes.caffeine.cache.Ticker;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node in a cluster: the cache node with the cluster executor, gossip membership, and the peer
 * connections, kept in step with every ring version the membership publishes.
 *
 * <pre>{@code
 * ClusterNode node = ClusterNode.start(nodeSettings, new ClusterSettings("n1", List.of("10.0.0.2:7946"), 7946,
 *         "10.0.0.1", "default", 100, 2, true, "lan", 100_000, ClusterSettings.DEFAULT_LEAVE_HANDOFF_TIMEOUT,
 *         21211, ClusterSecret.read(Path.of("/etc/ringcache/cluster.secret")), null));
 * }</pre>
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final CacheNode node;
    private final Membership membership;
    private final PeerPool peers;
    private final ClientResources resources;
    private final AutoCloseable ringUpdates;
    private final ClusterExecutor executor;
    private final Rebalancer rebalancer;
    private final LeaveHandoff leaveHandoff;
    private final ClusterSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterNode(CacheNode node, Membership membership, PeerPool peers, ClientResources resources,
            AutoCloseable ringUpdates, ClusterExecutor executor, Rebalancer rebalancer, LeaveHandoff leaveHandoff,
            ClusterSettings settings) {
        this.node = node;
        this.membership = membership;
        this.peers = peers;
        this.resources = resources;
        this.ringUpdates = ringUpdates;
        this.executor = executor;
        this.rebalancer = rebalancer;
        this.leaveHandoff = leaveHandoff;
        this.settings = settings;
    }

    public static ClusterNode start(NodeSettings settings, ClusterSettings cluster) {
        ClientResources resources = ClientResources.create(1);
        ClientSettings peerSettings = peerSettings(cluster.preset());
        if (cluster.peerTls() != null) {
            peerSettings = peerSettings.toBuilder().tls(cluster.peerTls().peerClientContext()).build();
        }
        PeerHandshake handshake = new PeerHandshake(cluster.nodeId(), cluster.secret());
        PeerPool peers = new PeerPool(handshake, resources, peerSettings);
        ClusterStats stats = new ClusterStats();
        java.util.concurrent.atomic.AtomicReference<Membership> gossip = new java.util.concurrent.atomic.AtomicReference<>();
        SecurityStats security = new SecurityStats(() -> gossip.get() == null ? 0 : gossip.get().gossipFramesRejected());
        RebalanceStats rebalanceStats = new RebalanceStats();
        TopologyWatchers watchers = new TopologyWatchers(settings.ioLimits().maxWatchers());
        ClusterExecutor[] executor = new ClusterExecutor[1];
        Rebalancer[] rebalancer = new Rebalancer[1];
        TransferWalk.Sender[] sender = new TransferWalk.Sender[1];
        io.ringcache.node.store.ItemStore[] store = new io.ringcache.node.store.ItemStore[1];
        CacheNode node = CacheNode.start(settings, parts -> {
            store[0] = parts.store();
            parts.store().keepTombstones(new Tombstones(cluster.tombstoneWindow(),
                    tombstoneBudget(settings.memoryLimitBytes()), Ticker.systemTicker()));
            executor[0] = new ClusterExecutor(parts.local(), parts.store(), peers, stats, cluster, watchers);
            sender[0] = new TransferWalk.Sender(cluster.nodeId(), parts.store(), peers, rebalanceStats,
                    cluster.rebalanceItemsPerSecond(), executor[0]::topology);
            rebalancer[0] = new Rebalancer(sender[0]);
            parts.report().extra(out -> {
                stats.write(out, executor[0], peers.connected(), parts.store().tombstones());
                rebalanceStats.write(out);
                security.write(out);
                watchers.write(out);
            });
            // binary clients' requests cross the cluster as meta text and are said back in binary
            return new BinaryRelayExecutor(executor[0], io.netty.buffer.ByteBufAllocator.DEFAULT);
        }, new PeerListener(settings.host(), cluster.peerPort(),
                commands -> new PeerGate(handshake, commands, security),
                cluster.peerTls() == null ? null : cluster.peerTls().peerServerContext()));
        Membership membership;
        try {
            membership = Membership.start(membershipSettings(cluster, settings.host(), node.port(), node.peerAddress().getPort()));
        } catch (RuntimeException e) {
            rebalancer[0].close();
            node.close();
            peers.close();
            resources.close();
            BindException taken = gossipPortRefused(e);
            throw taken == null ? e : new ListenException("gossip port " + cluster.gossipPort() + " of " + settings.host(), taken);
        }
        gossip.set(membership);
        WalkReports reports = new WalkReports(cluster.nodeId(), peers, store[0], executor[0]::topology,
                rebalancer[0]::settledEpoch, executor[0].hints(), io.netty.buffer.ByteBufAllocator.DEFAULT);
        TopologyKeeper keeper = new TopologyKeeper(cluster.nodeId(), membership, peers, executor[0], rebalancer[0], reports);
        executor[0].askForRing(membership::syncNow);
        AutoCloseable subscription = membership.subscribe(keeper::onRing);
        return new ClusterNode(node, membership, peers, resources, () -> {
            subscription.close();
            keeper.close();
        }, executor[0], rebalancer[0], new LeaveHandoff(sender[0]), cluster);
    }

    /**
     * Memory for tombstones beside the items' budget: a sixteenth of it (at least 4 MB), about
     * 30,000 deletes per 64 MB of -m remembered for the whole window; past that the oldest go first.
     */
    static long tombstoneBudget(long itemMemoryBytes) {
        return Math.max(4L << 20, itemMemoryBytes / 16);
    }

    /**
     * Peer connections fail over at once when a peer refuses connections, but give a slow peer
     * time: a timeout makes the request go to the next owner, which for a write that did arrive
     * means it is applied twice, and a replica write that times out leaves a copy missing.
     */
    static ClientSettings peerSettings(String preset) {
        ClientSettings base = switch (preset) {
            case "local" -> ClientSettings.local();
            case "wan" -> ClientSettings.wan();
            default -> ClientSettings.lan();
        };
        java.time.Duration timeout = preset.equals("wan") ? java.time.Duration.ofSeconds(10) : java.time.Duration.ofSeconds(5);
        return base.toBuilder().requestTimeout(timeout).stuckGrace(timeout).maxOutstanding(65_536).build();
    }

    private static MembershipSettings membershipSettings(ClusterSettings cluster, String bindHost, int clientPort,
            int peerPort) {
        MembershipSettings.Builder b = switch (cluster.preset()) {
            case "local" -> MembershipSettings.local();
            case "wan" -> MembershipSettings.wan();
            default -> MembershipSettings.lan();
        };
        return b.nodeId(cluster.nodeId())
                .clientAddress(HostPort.format(cluster.advertiseHost(), clientPort))
                .peerAddress(HostPort.format(cluster.advertiseHost(), peerPort))
                .seeds(cluster.seeds())
                .gossipPort(cluster.gossipPort())
                .advertisedHost(cluster.advertiseHost())
                .zone(cluster.zone())
                .weight(cluster.weight())
                .replicationFactor(cluster.replicationFactor())
                .leaveOnShutdown(false)
                .secret(cluster.secret())
                .bindHost(bindHost)
                .build();
    }

    public int port() {
        return node.port();
    }

    public InetSocketAddress address() {
        return node.address();
    }

    /** What this node knows of the cluster now (admin port: dashboard, metrics, health). */
    public ClusterState state() {
        return ClusterState.of(settings.nodeId(), executor.topology(), membership.members(), closed.get(),
                membership.isCoordinator());
    }

    /** This node's {@code stats}, for the admin port's metrics. */
    public io.ringcache.node.server.StatsReport statsReport() {
        return node.statsReport();
    }

    /** The peer listener's address: the other members' connections, never a client's. */
    public InetSocketAddress peerAddress() {
        return node.peerAddress();
    }

    /** This member's gossip address, for other nodes' {@code --seeds}. */
    public String gossipAddress() {
        return membership.gossipAddress();
    }

    /**
     * Leaves the cluster gracefully: routes every request that still arrives to the keys' owners
     * without this node, tells the peers (they see LEAVING at once and adopt the ring without it),
     * hands its items to their new owners (bounded by the leave timeout), then stops. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            ringUpdates.close();
        } catch (Exception e) {
            log.debug("unsubscribing: {}", e.toString());
        }
        Topology current = executor.topology();
        boolean handOff = current != null && current.ready() && current.ring().members().size() > 1
                && !settings.leaveHandoffTimeout().isZero();
        if (handOff) {
            // route by the ring without this node before announcing the leave, so nothing lands here late
            executor.leaving(current.withoutSelf(settings.nodeId(), new java.util.TreeSet<>()));
        }
        membership.leave();
        rebalancer.close(); // its walks judge by rings this node is leaving
        if (handOff) {
            long left = leaveHandoff.run(current, executor::leaving, settings.leaveHandoffTimeout());
            if (left > 0) {
                log.warn("leaving: {} items not handed off; those of which this node held the only copy are lost", left);
            }
        }
        node.close();
        executor.hints().close();
        executor.pauses().close();
        peers.close();
        resources.close();
    }

    /** Why the gossip port could not be listened on, as {@link Membership#start} reports it, or null for other failures. */
    private static BindException gossipPortRefused(RuntimeException failure) {
        return failure instanceof UncheckedIOException io && io.getCause() instanceof BindException bind ? bind : null;
    }
}
