package io.ringcache.node.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.ringcache.node.IoLimits;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.UnixSocket;
import io.ringcache.node.protocol.ReceivingValues;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets and the event loops, on the transport the settings name ({@link Transport}):
 * TCP, a unix domain socket, or both, and in a cluster the peer listener. Each accepted client
 * connection gets the pipeline accounting → (TLS) → input gate → idle timer → decoder →
 * (authentication) → connection handler ({@link CommandPipeline}); a connection to the peer listener
 * first meets its gate, which installs the command handlers only once the peer proved itself a member.
 */
public final class NodeServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeServer.class);
    /** How long closing waits for the event loops; a loop stuck in a task must not keep the process up. */
    private static final long STOP_WAIT_SECONDS = 5;
    /** The socket write buffer's high watermark, at most this (Netty's default), at most half the budget. */
    private static final int MAX_HIGH_WATERMARK = 64 * 1024;

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    /** Null when the node serves only a unix socket. */
    private final Channel listener;
    /** Null when the node has no unix socket. */
    private final Channel unixListener;
    /** The peer listener's socket, or null on a node without one (standalone). */
    private final Channel peerListener;

    private NodeServer(EventLoopGroup acceptor, EventLoopGroup workers, Channel listener, Channel unixListener,
            Channel peerListener) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.listener = listener;
        this.unixListener = unixListener;
        this.peerListener = peerListener;
    }

    /** As {@link #start(NodeSettings, NodeStats, CommandExecutor, boolean, PeerListener)} without a peer listener. */
    public static NodeServer start(NodeSettings settings, NodeStats stats, CommandExecutor executor,
            boolean binaryProtocol) throws InterruptedException {
        return start(settings, stats, executor, binaryProtocol, null);
    }

    /**
     * Binds and returns once listening. {@code executor} is created once per node; commands of all
     * connections go through it. With {@code binaryProtocol}, a client connection whose first byte
     * is the binary protocol's magic speaks that protocol (memcached's rule); without, it is answered
     * {@code ERROR} and closed. {@code peers}, when not null, is the cluster's peer listener (text only).
     */
    public static NodeServer start(NodeSettings settings, NodeStats stats, CommandExecutor executor,
            boolean binaryProtocol, PeerListener peers) throws InterruptedException {
        Transport transport = settings.transport().resolve();
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(settings.eventLoopThreads(), transport.ioHandlerFactory());
        ConnectionAccounting accounting = new ConnectionAccounting(stats, settings.maxConnections());
        IoLimits limits = settings.ioLimits();
        stats.receiving = new ReceivingValues(limits.receivingLimitBytes());
        // Below the budget's half, so that a connection paused at the budget resumes when it drains.
        int high = (int) Math.min(MAX_HIGH_WATERMARK, limits.outputBudgetBytes() / 2);
        WriteBufferWaterMark watermark = new WriteBufferWaterMark(high / 2, high);
        CommandPipeline commands = new CommandPipeline(settings, executor, binaryProtocol, stats, new CloseLog());
        ChannelInitializer<Channel> connection = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("accounting", accounting);
                if (settings.tls() != null) {
                    ch.pipeline().addLast("tls", settings.tls().newHandler(ch.alloc()));
                }
                commands.install(ch.pipeline(), ConnectionRole.CLIENT);
            }
        };
        Channel listener = null;
        Channel unixListener = null;
        try {
            if (settings.listensOnTcp()) {
                ChannelFuture bind = new ServerBootstrap()
                        .group(acceptor, workers)
                        .channel(transport.serverChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, watermark)
                        .childHandler(connection)
                        .bind(settings.host(), settings.port());
                listener = bound(bind, "TCP port " + settings.port() + " of " + settings.host());
            }
            UnixSocket unix = settings.unixSocket();
            if (unix != null) {
                UnixSocketFile.clear(unix.path());
                ChannelFuture bind = new ServerBootstrap()
                        .group(acceptor, workers)
                        .channel(transport.serverDomainChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, watermark)
                        .childHandler(connection)
                        .bind(transport.domainAddress(unix.path()));
                unixListener = bound(bind, "unix socket " + unix.path());
                UnixSocketFile.restrict(unix.path(), unix.accessMask());
            }
            Channel peerListener = null;
            if (peers != null) {
                ConnectionAccounting peerAccounting = new ConnectionAccounting(stats, limits.maxPeerConnections(), true);
                ChannelFuture bind = new ServerBootstrap()
                        .group(acceptor, workers)
                        .channel(transport.serverChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, watermark)
                        .childHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast("accounting", peerAccounting);
                                if (peers.tls() != null) {
                                    ch.pipeline().addLast("tls", peers.tls().newHandler(ch.alloc()));
                                }
                                ch.pipeline().addLast("gate", peers.gate().apply(commands));
                            }
                        })
                        .bind(peers.host(), peers.port());
                peerListener = bound(bind, "peer port " + peers.port() + " of " + peers.host());
            }
            return new NodeServer(acceptor, workers, listener, unixListener, peerListener);
        } catch (InterruptedException | RuntimeException e) {
            if (listener != null) {
                listener.close();
            }
            if (unixListener != null) {
                unixListener.close();
            }
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The listener of a finished bind, or a {@link ListenException} naming {@code what} could not be listened on. */
    private static Channel bound(ChannelFuture bind, String what) throws InterruptedException {
        bind.await();
        if (!bind.isSuccess()) {
            throw new ListenException(what, bind.cause());
        }
        return bind.channel();
    }

    /** The TCP address listened on; null when the node serves only a unix socket. */
    public InetSocketAddress address() {
        return listener == null ? null : (InetSocketAddress) listener.localAddress();
    }

    /** The peer listener's address, or null when this node has none. */
    public InetSocketAddress peerAddress() {
        return peerListener == null ? null : (InetSocketAddress) peerListener.localAddress();
    }

    /** The transport {@code settings} select on this machine, for the start-up line. */
    public static String transportName(NodeSettings settings) {
        return settings.transport().resolve().cliName();
    }

    /**
     * Stops listening and the event loops. Each wait is bounded: an event loop that does not stop (a
     * task that never returns) is reported and left behind, never waited for, so that a stopping
     * process always exits.
     */
    @Override
    public void close() {
        for (Channel c : new Channel[] {listener, unixListener, peerListener}) {
            if (c != null) {
                c.close().awaitUninterruptibly(STOP_WAIT_SECONDS, TimeUnit.SECONDS); // Netty removes a socket file
            }
        }
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!acceptor.terminationFuture().awaitUninterruptibly(STOP_WAIT_SECONDS, TimeUnit.SECONDS)
                || !workers.terminationFuture().awaitUninterruptibly(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            log.warn("event loops still busy {} s after stopping; not waiting for them", STOP_WAIT_SECONDS);
        }
    }
}
