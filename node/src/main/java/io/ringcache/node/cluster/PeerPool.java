package io.ringcache.node.cluster;

import io.ringcache.client.ClientResources;
import io.ringcache.client.ClientSettings;
import io.ringcache.client.NodeConnection;
import io.ringcache.client.NodeMetrics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Connections to the other ring members, two per peer: one for client requests this node forwards
 * (the peer coordinates them) and one for replica writes (the peer applies them as they are). Each
 * opens with its {@code rc_peer} handshake, after every reconnect too.
 */
final class PeerPool implements AutoCloseable {

    record Peer(String address, NodeConnection coordinate, NodeConnection replica) {
        void close() {
            coordinate.close();
            replica.close();
        }
    }

    private final String selfId;
    private final ClientResources resources;
    private final ClientSettings settings;
    private volatile Map<String, Peer> peers = Map.of();

    PeerPool(String selfId, ClientResources resources, ClientSettings settings) {
        this.selfId = selfId;
        this.resources = resources;
        this.settings = settings;
    }

    /** Opens connections to new members (or moved addresses) and closes those to members gone. */
    synchronized void update(Topology topology) {
        Map<String, Peer> next = new HashMap<>();
        Map<String, Peer> old = new HashMap<>(peers);
        long epoch = topology.ring().epoch();
        for (int i = 0; i < topology.clientAddresses().length; i++) {
            String id = topology.nodeId(i);
            String address = topology.clientAddresses()[i];
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

    Peer peer(String nodeId) {
        return peers.get(nodeId);
    }

    private Peer open(String id, String address, long epoch) {
        InetSocketAddress socket = parse(address);
        NodeMetrics metrics = new NodeMetrics(id);
        return new Peer(address,
                NodeConnection.openWithGreeting(id, socket, settings, resources, metrics, hello(epoch, "coordinate")),
                NodeConnection.openWithGreeting(id + "/replica", socket, settings, resources, metrics, hello(epoch, "replica")));
    }

    private byte[] hello(long epoch, String mode) {
        return ("rc_peer " + selfId + " " + epoch + " " + mode + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public synchronized void close() {
        peers.values().forEach(Peer::close);
        peers = Map.of();
    }
}
