package io.ringcache.node.server;

import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Function;

/**
 * A second listening socket for the other members of the cluster, apart from the client port:
 * {@code gate} makes, for each accepted connection, the first handler, which must prove the peer
 * a member before it installs the command handlers ({@link CommandPipeline#install}) with the
 * peer's role. Nothing reaches the executor from a connection that did not pass its gate. With
 * {@code tls} (a server context requiring client certificates: mutual TLS) the TLS handshake comes
 * first; null for plain TCP.
 */
public record PeerListener(String host, int port, Function<CommandPipeline, ChannelHandler> gate, SslContext tls) {

    public PeerListener {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(gate, "gate");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("peer port must be 0..65535, was " + port);
        }
    }
}
