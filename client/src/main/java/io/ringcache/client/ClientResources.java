package io.ringcache.client;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The I/O threads connections run on. Either owned (created here, shut down by {@link #close()}) or
 * shared: a node passes its own event loop group so peer connections live on the threads that serve
 * its clients, with no extra threads and no hand-offs.
 */
public final class ClientResources implements AutoCloseable {
  private final EventLoopGroup group;
  private final boolean owned;
  /** Whether the threads are epoll's (else NIO's): the channel classes must match them. */
  private final boolean epoll;

  private ClientResources(EventLoopGroup group, boolean owned) {
    this.group = group;
    this.owned = owned;
    this.epoll = group instanceof IoEventLoopGroup && ((IoEventLoopGroup) group).isIoType(EpollIoHandler.class);
  }

  /** Owns {@code ioThreads} I/O threads (epoll when available). */
  public static ClientResources create(int ioThreads) {
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1, got " + ioThreads);
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(ioThreads,
        new DefaultThreadFactory("ringcache-client", true),
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    return new ClientResources(group, true);
  }

  /** Runs connections on a group owned by someone else; {@link #close()} leaves it running. */
  public static ClientResources shared(EventLoopGroup group) {
    return new ClientResources(group, false);
  }

  public EventLoopGroup group() {
    return group;
  }

  public ByteBufAllocator allocator() {
    return PooledByteBufAllocator.DEFAULT;
  }

  /** The channel class for a connection to {@code address}: TCP, or a unix domain socket. */
  Class<? extends Channel> channelClass(SocketAddress address) {
    if (address instanceof UnixDomainSocketAddress) {
      return epoll ? EpollDomainSocketChannel.class : NioDomainSocketChannel.class;
    }
    return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** {@code address} as the channel class connects to it (epoll takes Netty's own unix socket address). */
  SocketAddress remote(SocketAddress address) {
    if (epoll && address instanceof UnixDomainSocketAddress unix) {
      return new DomainSocketAddress(unix.getPath().toFile());
    }
    return address;
  }

  /** A bootstrap for {@code address}'s kind of channel: TCP's options only for TCP. */
  Bootstrap bootstrap(EventLoop loop, SocketAddress address, ClientSettings settings) {
    Bootstrap b = new Bootstrap()
        .group(loop)
        .channel(channelClass(address))
        .option(ChannelOption.ALLOCATOR, allocator())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
    if (!(address instanceof UnixDomainSocketAddress)) {
      b.option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, true);
    }
    return b;
  }

  /** Shuts down owned threads and waits for them (bounded by 5 seconds). */
  @Override
  public void close() {
    if (owned) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
