package io.ringcache.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.SocketAddress;

/** Builds channels to one server: socket options and the pipeline of a pipelined connection. */
final class ConnectionBootstrap {
  /** Flush at the latest after this many writes even under constant load (Netty's default). */
  private static final int FLUSH_AFTER_WRITES = 256;

  private ConnectionBootstrap() {}

  static Bootstrap create(EventLoop loop, ClientResources resources, ClientSettings settings,
      SocketAddress address, String node) {
    return resources.bootstrap(loop, address, settings)
        .remoteAddress(resources.remote(address))
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
            settings.maxPendingWriteBytes() / 2, settings.maxPendingWriteBytes()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            InFlightRequests inFlight = new InFlightRequests();
            if (settings.tls() != null) {
              // the host name is given so that the server's certificate is checked against it
              ch.pipeline().addLast("tls", address instanceof java.net.InetSocketAddress inet
                  ? settings.tls().newHandler(ch.alloc(), inet.getHostString(), inet.getPort())
                  : settings.tls().newHandler(ch.alloc()));
            }
            ch.pipeline().addLast(
                new FlushConsolidationHandler(FLUSH_AFTER_WRITES, true),
                new ResponseDecoder(inFlight, settings, node),
                new RequestWriter(inFlight));
          }
        });
  }
}
