package io.ringcache.node;

import io.ringcache.node.server.CommandExecutor;
import io.ringcache.node.server.LocalExecutor;
import io.ringcache.node.server.NodeServer;
import io.ringcache.node.server.PeerListener;
import io.ringcache.node.server.NodeStats;
import io.ringcache.node.server.ObservedExecutor;
import io.ringcache.node.server.StatsReport;
import io.ringcache.node.store.ItemStore;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * A running cache node: a memcached-protocol server over its own item store.
 *
 * <pre>{@code
 * try (CacheNode node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).build())) {
 *     int port = node.port(); // talk memcached to it
 * }
 * }</pre>
 */
public final class CacheNode implements AutoCloseable {

    private final NodeSettings settings;
    private final NodeServer server;
    /** One daemon thread that sweeps the store for expired items (ItemStore.sweep). */
    private final ScheduledExecutorService sweeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final StatsReport report;

    private CacheNode(NodeSettings settings, NodeServer server, StatsReport report, ScheduledExecutorService sweeper) {
        this.settings = settings;
        this.server = server;
        this.report = report;
        this.sweeper = sweeper;
    }

    /** What a node is made of, for an executor that builds on the local one (a cluster node's). */
    public record Parts(NodeSettings settings, ItemStore store, LocalExecutor local, StatsReport report) {
    }

    /** Binds and returns once listening; throws if the address cannot be bound. */
    public static CacheNode start(NodeSettings settings) {
        return start(settings, Parts::local, true, null);
    }

    /**
     * As {@link #start(NodeSettings)}, with the executor {@code executor} makes of the node's parts.
     * Such a node answers binary-protocol connections with {@code ERROR} and closes them: its
     * executor may relay text answers as they are.
     */
    public static CacheNode start(NodeSettings settings, java.util.function.Function<Parts, CommandExecutor> executor) {
        return start(settings, executor, false, null);
    }

    /**
     * As {@link #start(NodeSettings, java.util.function.Function)}, with a second listener for the
     * cluster's other members ({@code peers}, or null for none), served by the same event loops. Such
     * a node (a cluster member) speaks the binary protocol too: its executor says every answer through
     * the connection's {@link io.ringcache.node.server.Answers}, relayed ones included.
     */
    public static CacheNode start(NodeSettings settings, java.util.function.Function<Parts, CommandExecutor> executor,
            PeerListener peers) {
        return start(settings, executor, true, peers);
    }

    private static CacheNode start(NodeSettings settings, java.util.function.Function<Parts, CommandExecutor> executor,
            boolean binaryProtocol, PeerListener peers) {
        Objects.requireNonNull(settings, "settings");
        ItemStore store = new ItemStore(settings.memoryLimitBytes(), settings.evictionEnabled(), settings.clock());
        NodeStats stats = new NodeStats();
        StatsReport report = new StatsReport(settings, stats, store);
        LocalExecutor local = new LocalExecutor(store, stats, report);
        CommandExecutor commands = executor.apply(new Parts(settings, store, local, report));
        if (settings.commandObserver() != null) {
            commands = new ObservedExecutor(commands, settings.commandObserver());
        }
        NodeServer server;
        try {
            server = NodeServer.start(settings, stats, commands, binaryProtocol, peers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + settings.host() + ":" + settings.port(), e);
        }
        return new CacheNode(settings, server, report, startSweeper(store));
    }

    private static ScheduledExecutorService startSweeper(ItemStore store) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ringcache-expiry-sweep");
            thread.setDaemon(true);
            return thread;
        });
        long period = ItemStore.SWEEP_PERIOD_MILLIS;
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                store.sweep(ItemStore.SWEEP_BUDGET);
            } catch (RuntimeException e) {
                // a failed pass must not cancel the schedule; the next one starts over
                LoggerFactory.getLogger(CacheNode.class).warn("expiry sweep failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return sweeper;
    }

    /** The TCP port listened on; throws when the node serves only a unix socket. */
    public int port() {
        return address().getPort();
    }

    /** The TCP address listened on; throws when the node serves only a unix socket. */
    public InetSocketAddress address() {
        InetSocketAddress address = server.address();
        if (address == null) {
            throw new IllegalStateException("this node serves only the unix socket " + settings.unixSocket().path());
        }
        return address;
    }

    /** The peer listener's address, or null on a node without one. */
    public InetSocketAddress peerAddress() {
        return server.peerAddress();
    }

    public NodeSettings settings() {
        return settings;
    }

    /** This node's {@code stats}, for the admin port's metrics. */
    public StatsReport statsReport() {
        return report;
    }

    /** Stops listening, closes every connection and stops the event loops; safe to call twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sweeper.shutdownNow();
            server.close();
        }
    }
}
