package io.ringcache.node.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.server.ListenException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin HTTP port ({@code --admin-port}): {@code /metrics} for Prometheus, {@code /health} for
 * load balancers, {@code /api/cluster} and the dashboard at {@code /}, {@code POST /api/leave}.
 * Served by Netty's HTTP codec on an event loop of its own, so neither a scrape nor a slow browser
 * ever runs on the cache's event loops.
 *
 * <pre>{@code
 * AdminServer admin = AdminServer.start("127.0.0.1", 11411, new AdminSources(node.statsReport(),
 *         node::state, latency, node::close, "127.0.0.1:11211"));
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {

    /** Longest request line (method, path, version) and all headers together; longer gets 414 / 431. */
    static final int MAX_REQUEST_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    /** Largest request body; the API's requests have none, larger gets 413. */
    static final int MAX_BODY = 64 * 1024;

    private final EventLoopGroup group;
    private final Channel listener;
    private final ClusterWatch watch;

    private AdminServer(EventLoopGroup group, Channel listener, ClusterWatch watch) {
        this.group = group;
        this.listener = listener;
        this.watch = watch;
    }

    /** Binds {@code host:port} (0 picks a free port) and returns once listening. */
    public static AdminServer start(String host, int port, AdminSources sources) {
        Supplier<Map<String, String>> localStats = () -> LocalStats.read(sources.stats());
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new StatsCollector(localStats));
        if (sources.cluster() != null) {
            registry.register(new MembersCollector(sources.cluster()));
        }
        if (sources.latency() != null) {
            sources.latency().registerIn(registry);
        }
        ClusterWatch watch = new ClusterWatch(sources.cluster(), localStats, sources.clientAddress());
        AdminRoutes routes = new AdminRoutes(registry, watch, sources, new Readiness(), StaticAssets.load());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ChannelFuture bind = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADERS, 8192));
                            ch.pipeline().addLast(new HttpObjectAggregator(MAX_BODY));
                            ch.pipeline().addLast(new AdminHandler(routes));
                        }
                    })
                    .bind(host, port).awaitUninterruptibly();
            if (!bind.isSuccess()) {
                throw new ListenException("admin port " + port + " of " + host, bind.cause());
            }
            Channel listener = bind.channel();
            int bound = ((InetSocketAddress) listener.localAddress()).getPort();
            sources.stats().extra(out -> Responses.stat(out, "admin_port", Integer.toString(bound)));
            return new AdminServer(group, listener, watch);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            watch.close();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        watch.close();
    }
}
