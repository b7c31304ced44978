package io.ringcache.client;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
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
  private final Class<? extends SocketChannel> channelClass;

  private ClientResources(EventLoopGroup group, boolean owned) {
    this.group = group;
    this.owned = owned;
    this.channelClass = group instanceof IoEventLoopGroup
        && ((IoEventLoopGroup) group).isIoType(EpollIoHandler.class)
        ? EpollSocketChannel.class : NioSocketChannel.class;
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

  Class<? extends SocketChannel> channelClass() {
    return channelClass;
  }

  /** Shuts down owned threads and waits for them (bounded by 5 seconds). */
  @Override
  public void close() {
    if (owned) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
