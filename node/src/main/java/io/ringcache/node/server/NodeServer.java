package io.ringcache.node.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.UnixSocket;
import io.ringcache.node.protocol.BinaryDecoder;
import io.ringcache.node.protocol.CommandDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The listening sockets and the event loops, on the transport the settings name ({@link Transport}):
 * TCP, a unix domain socket, or both. Each accepted connection gets the pipeline accounting → idle
 * timer → decoder → connection handler.
 */
public final class NodeServer implements AutoCloseable {

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    /** Null when the node serves only a unix socket. */
    private final Channel listener;
    /** Null when the node has no unix socket. */
    private final Channel unixListener;

    private NodeServer(EventLoopGroup acceptor, EventLoopGroup workers, Channel listener, Channel unixListener) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.listener = listener;
        this.unixListener = unixListener;
    }

    /**
     * Binds and returns once listening. {@code executor} is created once per node; commands of all
     * connections go through it. With {@code binaryProtocol}, a connection whose first byte is the
     * binary protocol's magic speaks that protocol (memcached's rule); without, it is answered
     * {@code ERROR} and closed.
     */
    public static NodeServer start(NodeSettings settings, NodeStats stats, CommandExecutor executor,
            boolean binaryProtocol) throws InterruptedException {
        Transport transport = settings.transport().resolve();
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(settings.eventLoopThreads(), transport.ioHandlerFactory());
        ConnectionAccounting accounting = new ConnectionAccounting(stats, settings.maxConnections());
        long idleNanos = settings.idleTimeout().toNanos();
        long readTimeoutNanos = settings.readTimeout().toNanos();
        ChannelInitializer<Channel> connection = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                CommandDecoder decoder = new CommandDecoder(settings.maxLineLength(), settings.maxGetLineLength(),
                        settings.maxItemSize(), binaryProtocol ? () -> new BinaryDecoder(settings.maxItemSize()) : null);
                ch.pipeline().addLast("accounting", accounting);
                if (idleNanos > 0) {
                    ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
                }
                ch.pipeline().addLast("decoder", decoder);
                ch.pipeline().addLast("commands", new ConnectionHandler(executor, decoder, readTimeoutNanos));
            }
        };
        Channel listener = null;
        try {
            if (settings.listensOnTcp()) {
                listener = new ServerBootstrap()
                        .group(acceptor, workers)
                        .channel(transport.serverChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(connection)
                        .bind(settings.host(), settings.port()).sync().channel();
            }
            Channel unixListener = null;
            UnixSocket unix = settings.unixSocket();
            if (unix != null) {
                UnixSocketFile.clear(unix.path());
                unixListener = new ServerBootstrap()
                        .group(acceptor, workers)
                        .channel(transport.serverDomainChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childHandler(connection)
                        .bind(transport.domainAddress(unix.path())).sync().channel();
                UnixSocketFile.restrict(unix.path(), unix.accessMask());
            }
            return new NodeServer(acceptor, workers, listener, unixListener);
        } catch (InterruptedException | RuntimeException e) {
            if (listener != null) {
                listener.close();
            }
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The TCP address listened on; null when the node serves only a unix socket. */
    public InetSocketAddress address() {
        return listener == null ? null : (InetSocketAddress) listener.localAddress();
    }

    /** The transport {@code settings} select on this machine, for the start-up line. */
    public static String transportName(NodeSettings settings) {
        return settings.transport().resolve().cliName();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        if (unixListener != null) {
            unixListener.close().syncUninterruptibly(); // Netty removes the socket file
        }
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
