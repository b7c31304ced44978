package io.ringcache.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;

/** Builds channels to one server: socket options and the pipeline of a pipelined connection. */
final class ConnectionBootstrap {
  /** Flush at the latest after this many writes even under constant load (Netty's default). */
  private static final int FLUSH_AFTER_WRITES = 256;

  private ConnectionBootstrap() {}

  static Bootstrap create(EventLoop loop, ClientResources resources, ClientSettings settings,
      InetSocketAddress address, String node) {
    return new Bootstrap()
        .group(loop)
        .channel(resources.channelClass())
        .remoteAddress(address)
        .option(ChannelOption.ALLOCATOR, resources.allocator())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
            settings.maxPendingWriteBytes() / 2, settings.maxPendingWriteBytes()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            InFlightRequests inFlight = new InFlightRequests();
            ch.pipeline().addLast(
                new FlushConsolidationHandler(FLUSH_AFTER_WRITES, true),
                new ResponseDecoder(inFlight, settings, node),
                new RequestWriter(inFlight));
          }
        });
  }
}
