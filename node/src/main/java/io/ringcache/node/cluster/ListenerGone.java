package io.ringcache.node.cluster;

import io.ringcache.ring.HostPort;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether a member's peer listener refuses connections: no process listens there any more (it
 * was killed, or restarted and not listening yet). Then the process a lost request went to is gone
 * with its unread requests, and a write may go to the next owner without waiting out its deadline
 * ({@link WriteDeadline}). Anything else (accepted: a stopped process's kernel still accepts; no
 * answer in time: a partition) says nothing, and the sender waits.
 *
 * <p>A firewall that rejects connections to a live member would look the same; the partitions this
 * cluster is built for drop packets, they do not reject them.
 */
final class ListenerGone {

    private static final long PROBE_MILLIS = 500;

    private ListenerGone() {
    }

    /** Completes with true when a connection to {@code hostPort} ("host:port") is refused; never fails. */
    static CompletableFuture<Boolean> at(String hostPort) {
        CompletableFuture<Boolean> gone = new CompletableFuture<>();
        AsynchronousSocketChannel channel;
        InetSocketAddress address;
        try {
            HostPort target = HostPort.parse(hostPort);
            address = new InetSocketAddress(target.host(), target.port());
            channel = AsynchronousSocketChannel.open();
        } catch (IOException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(false);
        }
        channel.connect(address, null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void result, Void attachment) {
                close(channel);
                gone.complete(false);
            }

            @Override
            public void failed(Throwable failure, Void attachment) {
                close(channel);
                gone.complete(failure instanceof ConnectException);
            }
        });
        return gone.completeOnTimeout(false, PROBE_MILLIS, TimeUnit.MILLISECONDS).whenComplete((v, e) -> close(channel));
    }

    private static void close(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the probe's answer is already known
        }
    }
}
