package io.ringcache.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the client's ring current: one connection to one member that asked {@code rc_topology watch},
 * so the member pushes every new ring version as it adopts it.
 *
 * <p>The same connection asks {@code rc_topology} again every refresh interval. The answer has the
 * same form as a push, so both are handled alike; it catches a push that was missed, and it is the
 * heartbeat: no answer within the request timeout means the member is gone or stuck, and the watch
 * moves on. When the connection closes for any reason the watch reconnects, with jittered backoff, to
 * the next member of the newest ring (then the seeds), so it survives the death of any one member.
 *
 * <p>Threading: everything runs on one event loop; {@code onTopology} is called there.
 */
final class TopologyWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopologyWatch.class);

  private final List<SocketAddress> seeds;
  private final Supplier<ClusterTopology> current;
  private final Consumer<ClusterTopology> onTopology;
  private final ClientSettings settings;
  private final long refreshNanos;
  private final EventLoop loop;
  private final ClientResources resources;
  private final Backoff backoff;
  private int nextCandidate;
  private Channel channel;
  private SocketAddress watching;
  private ScheduledFuture<?> refresh;
  /** When the unanswered refresh was sent; 0 when none is outstanding. */
  private long refreshSentAt;
  private volatile boolean closed;

  TopologyWatch(List<? extends SocketAddress> seeds, Supplier<ClusterTopology> current,
      Consumer<ClusterTopology> onTopology, ClientSettings settings, ClientResources resources,
      long refreshNanos) {
    this.seeds = List.copyOf(seeds);
    this.current = current;
    this.onTopology = onTopology;
    this.settings = settings;
    this.refreshNanos = refreshNanos;
    this.loop = resources.group().next();
    this.backoff = new Backoff(settings.reconnectMin().toNanos(), settings.reconnectMax().toNanos(),
        bound -> ThreadLocalRandom.current().nextLong(bound));
    this.resources = resources;
  }

  /** A bootstrap for {@code target}: a seed may be a unix socket, members are TCP. */
  private Bootstrap bootstrap(SocketAddress target) {
    return resources.bootstrap(loop, target, settings)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new TopologyDecoder());
          }
        });
  }

  void start() {
    loop.execute(this::connect);
  }

  /** The member being watched, or null while reconnecting. */
  SocketAddress watching() {
    return watching;
  }

  /** Members of the newest ring (in ring order, from a rotating start), then the seeds. */
  private List<SocketAddress> candidates() {
    LinkedHashSet<SocketAddress> all = new LinkedHashSet<>();
    ClusterTopology t = current.get();
    if (t != null) {
      for (SocketAddress a : t.addresses()) {
        if (a != null) {
          all.add(a);
        }
      }
    }
    all.addAll(seeds);
    return new ArrayList<>(all);
  }

  private void connect() {
    if (closed) {
      return;
    }
    List<SocketAddress> candidates = candidates();
    SocketAddress target = candidates.get(Math.floorMod(nextCandidate++, candidates.size()));
    bootstrap(target).connect(resources.remote(target)).addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        log.debug("topology watch cannot reach {}: {}", target, f.cause().toString());
        scheduleReconnect();
        return;
      }
      Channel ch = f.channel();
      if (closed) {
        ch.close();
        return;
      }
      channel = ch;
      watching = target;
      refreshSentAt = System.nanoTime(); // the watch's own first answer is the first heartbeat
      ch.writeAndFlush(ch.alloc().buffer().writeBytes(TopologyCommand.WATCH_LINE));
      refresh = loop.scheduleAtFixedRate(() -> tick(ch), refreshNanos, refreshNanos,
          TimeUnit.NANOSECONDS);
      ch.closeFuture().addListener(closed -> onClosed(ch));
      log.debug("watching the ring through {}", target);
    });
  }

  private void tick(Channel ch) {
    long now = System.nanoTime();
    if (refreshSentAt != 0) {
      if (now - refreshSentAt > settings.requestTimeout().toNanos()) {
        log.info("topology watch: {} did not answer within {}; moving to another member", watching,
            settings.requestTimeout());
        ch.close();
      }
      return;
    }
    refreshSentAt = now;
    ch.writeAndFlush(ch.alloc().buffer().writeBytes(TopologyCommand.REQUEST_LINE));
  }

  private void onClosed(Channel ch) {
    if (channel != ch) {
      return;
    }
    channel = null;
    watching = null;
    if (refresh != null) {
      refresh.cancel(false);
    }
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (!closed) {
      loop.schedule(this::connect, backoff.nextDelayNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void received(ClusterTopology t) {
    refreshSentAt = 0;
    backoff.reset();
    if (t != null) {
      onTopology.accept(t);
    }
  }

  @Override
  public void close() {
    closed = true;
    loop.submit(() -> {
      if (channel != null) {
        channel.close();
      }
    }).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** Frames whole topology blocks (answers and pushes alike) and hands each to {@link #received}. */
  private final class TopologyDecoder extends ByteToMessageDecoder {
    private final ResponseFramer framer =
        new ResponseFramer(settings.maxLineBytes(), settings.maxValueBytes());

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      while (true) {
        int length = framer.frame(in, ResponseShape.TOPOLOGY);
        if (length < 0) {
          return;
        }
        ByteBuf block = in.readSlice(length);
        received(TopologyCommand.parse(block));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.warn("topology watch on {} failed: {}; moving to another member", watching, cause.toString());
      ctx.close();
    }
  }
}
