package io.ringcache.node.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.CommandDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The listening socket and the event loops, on the transport the settings name ({@link Transport}). Each
 * accepted connection gets the pipeline accounting → idle timer → decoder → connection handler.
 */
public final class NodeServer implements AutoCloseable {

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel listener;

    private NodeServer(EventLoopGroup acceptor, EventLoopGroup workers, Channel listener) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.listener = listener;
    }

    /**
     * Binds and returns once listening. {@code executor} is created once per node; commands of all
     * connections go through it.
     */
    public static NodeServer start(NodeSettings settings, NodeStats stats, CommandExecutor executor)
            throws InterruptedException {
        Transport transport = settings.transport().resolve();
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(settings.eventLoopThreads(), transport.ioHandlerFactory());
        ConnectionAccounting accounting = new ConnectionAccounting(stats, settings.maxConnections());
        long idleNanos = settings.idleTimeout().toNanos();
        long readTimeoutNanos = settings.readTimeout().toNanos();
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            CommandDecoder decoder = new CommandDecoder(settings.maxLineLength(),
                                    settings.maxGetLineLength(), settings.maxItemSize());
                            ch.pipeline().addLast("accounting", accounting);
                            if (idleNanos > 0) {
                                ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
                            }
                            ch.pipeline().addLast("decoder", decoder);
                            ch.pipeline().addLast("commands", new ConnectionHandler(executor, decoder, readTimeoutNanos));
                        }
                    });
            Channel listener = bootstrap.bind(settings.host(), settings.port()).sync().channel();
            return new NodeServer(acceptor, workers, listener);
        } catch (InterruptedException | RuntimeException e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The transport {@code settings} select on this machine, for the start-up line. */
    public static String transportName(NodeSettings settings) {
        return settings.transport().resolve().cliName();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
