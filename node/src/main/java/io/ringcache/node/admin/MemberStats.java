package io.ringcache.node.admin;

import io.ringcache.client.AsyncCacheClient;
import io.ringcache.client.ClientResources;
import io.ringcache.client.ClientSettings;
import io.ringcache.client.NodeConnection;
import io.ringcache.ring.HostPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks other members for their {@code stats} over their client port (memcached's own command, so
 * nothing new crosses the network), on one connection per member kept between asks, on its own
 * event loop. Connections to addresses that left the cluster are closed by {@link #retain}.
 */
final class MemberStats implements AutoCloseable {

    /** A member that does not answer within this long shows as unreachable on the dashboard. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final ClientResources resources = ClientResources.create(1);
    private final ClientSettings settings = ClientSettings.local().toBuilder()
            .connectTimeout(TIMEOUT).requestTimeout(TIMEOUT).stuckGrace(TIMEOUT).maxOutstanding(16).build();
    private final Map<String, NodeConnection> byAddress = new ConcurrentHashMap<>();

    /** The general {@code stats} of the member at {@code address} ("host:port"). */
    CompletableFuture<Map<String, String>> fetch(String address) {
        NodeConnection connection = byAddress.computeIfAbsent(address, a -> {
            HostPort hp = HostPort.parse(a);
            return NodeConnection.open(a, new InetSocketAddress(hp.host(), hp.port()), settings, resources);
        });
        // a new connection (the first ask, or after the member restarted) gets its chance to connect
        CompletableFuture<Void> connected = connection.isConnected() ? CompletableFuture.completedFuture(null)
                : connection.whenConnected().copy().orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return connected.thenCompose(ready -> AsyncCacheClient.create(connection).stats(null))
                .thenApply(byName -> byName.values().iterator().next());
    }

    /** Closes the connections to every address not in {@code addresses}. */
    void retain(Set<String> addresses) {
        byAddress.entrySet().removeIf(e -> {
            if (addresses.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    @Override
    public void close() {
        byAddress.values().forEach(NodeConnection::close);
        byAddress.clear();
        resources.close();
    }
}
