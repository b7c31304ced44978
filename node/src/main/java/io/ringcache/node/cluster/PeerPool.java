package io.ringcache.node.cluster;

import io.ringcache.ring.HostPort;
import io.ringcache.client.ClientResources;
import io.ringcache.client.ClientSettings;
import io.ringcache.client.NodeConnection;
import io.ringcache.client.NodeMetrics;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import io.netty.buffer.ByteBuf;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.server.ConnectionRole;

/**
 * Connections to the other ring members' peer listeners, two per peer: one for client requests this
 * node forwards (the peer coordinates them) and one for replica writes (the peer applies them as
 * they are). Each opens with the mutual handshake ({@link PeerHandshake}), after every reconnect too,
 * and carries nothing until both sides proved they know the cluster secret.
 */
final class PeerPool implements AutoCloseable {

    record Peer(String address, NodeConnection coordinate, NodeConnection replica, long openedAtNanos) {
        void close() {
            coordinate.close();
            replica.close();
        }

        /**
         * Sends over {@code connection} once it is up. A peer met moments ago is given time to
         * accept its first connection; after that a peer that is not connected fails at once, so
         * that the request goes to the next owner without waiting. Takes ownership of {@code request}.
         */
        CompletableFuture<ByteBuf> send(NodeConnection connection, ByteBuf request, ResponseShape shape) {
            return send(connection, request, shape, 0);
        }

        /** As {@link #send(NodeConnection, ByteBuf, ResponseShape)}, failing after {@code timeoutNanos} (0: the connection's own timeout). */
        CompletableFuture<ByteBuf> send(NodeConnection connection, ByteBuf request, ResponseShape shape, long timeoutNanos) {
            if (connection.isConnected() || System.nanoTime() - openedAtNanos > FIRST_CONNECT_NANOS) {
                return timeoutNanos > 0 ? connection.forward(request, shape, timeoutNanos) : sendNow(connection, request, shape);
            }
            return connection.whenConnected().orTimeout(FIRST_CONNECT_NANOS, TimeUnit.NANOSECONDS)
                    .handle((up, failure) -> {
                        if (failure != null) {
                            request.release();
                            return CompletableFuture.<ByteBuf>failedFuture(new Failures.NoPeerException(connection.name()));
                        }
                        return timeoutNanos > 0 ? connection.forward(request, shape, timeoutNanos)
                                : connection.forward(request, shape);
                    })
                    .thenCompose(f -> f);
        }

        /**
         * As {@link #send(NodeConnection, ByteBuf, ResponseShape)}, the answer (or the failure) handed
         * to {@code callback} instead of a future (on the connection's event loop, or at once when it
         * cannot be sent). Takes ownership of {@code request}.
         */
        void send(NodeConnection connection, ByteBuf request, ResponseShape shape, BiConsumer<ByteBuf, Throwable> callback) {
            if (connection.isConnected() || System.nanoTime() - openedAtNanos > FIRST_CONNECT_NANOS) {
                connection.forward(request, shape, callback);
            } else {
                send(connection, request, shape).whenComplete(callback);
            }
        }

        /** Sends without the newly-met grace: a peer that is not connected fails at once. Takes ownership of {@code request}. */
        CompletableFuture<ByteBuf> sendNow(NodeConnection connection, ByteBuf request, ResponseShape shape) {
            return connection.forward(request, shape);
        }
    }

    /**
     * How long a newly met peer may take to accept its first connections: a node that has just
     * joined is already an owner, and a write it coordinates before its replica connections are up
     * would otherwise be left with one copy (measured on a CPU-starved 2-core machine: 3 s was short).
     */
    static final long FIRST_CONNECT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String selfId;
    private final PeerHandshake handshake;
    private final ClientResources resources;
    private final ClientSettings settings;
    private final long timeoutMillis;
    private volatile Map<String, Peer> peers = Map.of();

    PeerPool(PeerHandshake handshake, ClientResources resources, ClientSettings settings) {
        this.selfId = handshake.selfId();
        this.handshake = handshake;
        this.resources = resources;
        this.settings = settings;
        this.timeoutMillis = settings.requestTimeout().toMillis();
    }

    /**
     * The deadline a request sent now carries (unix milliseconds): when the connection stops waiting
     * for its answer. A peer that reads the request after that (it was paused, or starved) refuses it,
     * because this node has already given up on it and may have sent it elsewhere.
     */
    long deadlineMillis() {
        return System.currentTimeMillis() + timeoutMillis;
    }

    /** Opens connections to new members (or moved addresses) and closes those to members gone. */
    synchronized void update(Topology topology) {
        Map<String, Peer> next = new HashMap<>();
        Map<String, Peer> old = new HashMap<>(peers);
        long epoch = topology.ring().epoch();
        for (int i = 0; i < topology.peerAddresses().length; i++) {
            String id = topology.nodeId(i);
            String address = topology.peerAddresses()[i];
            if (id.equals(selfId) || address == null) {
                continue;
            }
            Peer existing = old.remove(id);
            if (existing != null && existing.address().equals(address)) {
                next.put(id, existing);
                continue;
            }
            if (existing != null) {
                existing.close();
            }
            next.put(id, open(id, address, epoch));
        }
        old.values().forEach(Peer::close);
        peers = Map.copyOf(next);
    }

    /** Peers whose two connections are both up. */
    int connected() {
        int n = 0;
        for (Peer p : peers.values()) {
            n += p.coordinate().isConnected() && p.replica().isConnected() ? 1 : 0;
        }
        return n;
    }

    Peer peer(String nodeId) {
        return peers.get(nodeId);
    }

    private Peer open(String id, String address, long epoch) {
        InetSocketAddress socket = parse(address);
        NodeMetrics metrics = new NodeMetrics(id);
        return new Peer(address,
                NodeConnection.openWithGreeting(id, socket, settings, resources, metrics,
                        handshake.greeting(id, ConnectionRole.PEER_COORDINATE, epoch)),
                NodeConnection.openWithGreeting(id + "/replica", socket, settings, resources, metrics,
                        handshake.greeting(id, ConnectionRole.PEER_REPLICA, epoch)),
                System.nanoTime());
    }

    static InetSocketAddress parse(String hostPort) {
        HostPort address = HostPort.parse(hostPort);
        return new InetSocketAddress(address.host(), address.port());
    }

    @Override
    public synchronized void close() {
        peers.values().forEach(Peer::close);
        peers = Map.of();
    }
}
