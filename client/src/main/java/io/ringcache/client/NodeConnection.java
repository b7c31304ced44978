package io.ringcache.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipelined, self-healing connection to one memcached-protocol server.
 *
 * <p>Requests are written in submission order and matched to answers in order. At most
 * {@link ClientSettings#maxOutstanding()} requests are outstanding; beyond that, or while the socket
 * has {@link ClientSettings#maxPendingWriteBytes()} unsent, {@link #execute} fails fast with
 * {@link OverloadedException}. A request fails with {@link RequestTimeoutException} at its deadline;
 * the connection stays in step by dropping the late answer, and is rebuilt if the oldest request stays
 * unanswered {@link ClientSettings#stuckGrace()} past its deadline.
 *
 * <p>While disconnected, requests fail fast with {@link NodeDownException} rather than wait: the
 * layer above decides whether to fail over, and no hidden queue grows. Requests in flight when the
 * connection drops fail with {@link ConnectionLostException}. The connection reconnects in the
 * background with bounded exponential backoff and full jitter until {@link #close()}.
 *
 * <p>Threading: every method may be called from any thread and never blocks. Futures complete on this
 * connection's event loop.
 */
public final class NodeConnection implements CommandExecutor, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeConnection.class);

  private final String name;
  /** TCP, or a unix domain socket. */
  private final SocketAddress address;
  private final ClientSettings settings;
  private final ClientResources resources;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final Backoff backoff;
  private final OutstandingLimit limit;
  private final NodeMetrics metrics;
  private final long defaultTimeoutNanos;
  /** The open channel, or null while connecting. Written on {@link #loop} only. */
  private volatile Channel channel;
  /** Completed when a channel is open; replaced by a fresh one when it closes. */
  private volatile CompletableFuture<Void> up = new CompletableFuture<>();
  private volatile boolean closed;
  private boolean everConnected;
  /** Said first on every new channel (a peer handshake, authentication); or null. */
  private volatile ConnectionGreeting greeting;

  private NodeConnection(String name, SocketAddress address, ClientSettings settings,
      ClientResources resources, NodeMetrics metrics) {
    this.name = name;
    this.address = address;
    this.settings = settings;
    this.resources = resources;
    this.loop = resources.group().next();
    this.bootstrap = ConnectionBootstrap.create(loop, resources, settings, address, name);
    this.backoff = new Backoff(settings.reconnectMin().toNanos(), settings.reconnectMax().toNanos(),
        bound -> ThreadLocalRandom.current().nextLong(bound));
    this.limit = new OutstandingLimit(settings.maxOutstanding());
    this.metrics = metrics;
    this.defaultTimeoutNanos = settings.requestTimeout().toNanos();
  }

  /**
   * As {@link #open(String, SocketAddress, ClientSettings, ClientResources, NodeMetrics)}, with
   * {@code greeting} (e.g. a peer handshake) run first on every channel, after every reconnect too;
   * the channel carries requests only once it succeeded. It replaces the settings' authentication.
   */
  public static NodeConnection openWithGreeting(String name, SocketAddress address, ClientSettings settings,
      ClientResources resources, NodeMetrics metrics, ConnectionGreeting greeting) {
    NodeConnection connection = new NodeConnection(Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(address, "address"), settings, resources, metrics);
    connection.greeting = Objects.requireNonNull(greeting, "greeting");
    connection.loop.execute(connection::connect);
    return connection;
  }

  /** Starts connecting in the background and returns at once; see {@link #whenConnected()}. */
  public static NodeConnection open(String name, SocketAddress address, ClientSettings settings,
      ClientResources resources) {
    return open(name, address, settings, resources, new NodeMetrics(name));
  }

  /** As {@link #open(String, SocketAddress, ClientSettings, ClientResources)}, sharing metrics. */
  public static NodeConnection open(String name, SocketAddress address, ClientSettings settings,
      ClientResources resources, NodeMetrics metrics) {
    NodeConnection connection = new NodeConnection(Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(address, "address"), settings, resources, metrics);
    connection.greeting = settings.authentication();
    connection.loop.execute(connection::connect);
    return connection;
  }

  @Override
  public <T> CompletableFuture<T> execute(Command<T> command) {
    return execute(command, defaultTimeoutNanos);
  }

  /** Sends {@code command} with its own timeout instead of the default one. */
  public <T> CompletableFuture<T> execute(Command<T> command, long timeoutNanos) {
    return send(command, timeoutNanos, null);
  }

  /**
   * As {@link #forward(ByteBuf, ResponseShape)}, handing the answer (or the failure) to {@code
   * callback} instead of completing a future: on this connection's event loop, or at once on the
   * caller's thread when the request cannot be sent. Takes ownership of {@code request}.
   */
  public void forward(ByteBuf request, ResponseShape shape, BiConsumer<ByteBuf, Throwable> callback) {
    if (shape == ResponseShape.NONE) {
      request.release();
      throw new IllegalArgumentException("use forwardNoReply for requests without an answer");
    }
    send(new RawCommand(request, shape), defaultTimeoutNanos, callback);
  }

  /** Sends {@code command}; its outcome completes the returned future, or goes to {@code callback} (then null is returned). */
  private <T> CompletableFuture<T> send(Command<T> command, long timeoutNanos, BiConsumer<? super T, ? super Throwable> callback) {
    long start = System.nanoTime();
    // encode first: the command's bytes (for a forwarded request, the caller's buffer) are then ours
    // on every path below, and released on every failure
    ByteBuf bytes;
    try {
      bytes = command.encode(resources.allocator());
    } catch (RuntimeException e) {
      return failed(e, callback);
    }
    Channel ch = channel;
    CacheException refused = null;
    if (closed) {
      refused = new NodeDownException(name + " connection is closed");
    } else if (ch == null || !ch.isActive()) {
      refused = new NodeDownException(name + " (" + address + ") is not connected");
    } else if (!ch.isWritable()) {
      // a closing channel (its outbound buffer already gone, for good) is not writable either: that
      // is a node down, not an overload; checked after isWritable so the answer cannot race the close
      refused = ch.unsafe().outboundBuffer() == null || !ch.isActive()
          ? new NodeDownException(name + " (" + address + ") is closing")
          : new OverloadedException(name + " has " + settings.maxPendingWriteBytes()
              + " bytes or more waiting for the socket");
    } else if (!limit.tryAcquire()) {
      refused = new OverloadedException(name + " has " + limit.max() + " requests outstanding");
    }
    if (refused != null) {
      bytes.release();
      metrics.recordFailure(refused);
      return failed(refused, callback);
    }
    PendingRequest<T> request = new PendingRequest<>(command, bytes, start, timeoutNanos, limit,
        metrics, name, callback);
    ch.writeAndFlush(request).addListener(request);
    return request.future();
  }

  private <T> CompletableFuture<T> failed(Throwable failure, BiConsumer<? super T, ? super Throwable> callback) {
    if (callback == null) {
      return CompletableFuture.failedFuture(failure);
    }
    try {
      callback.accept(null, failure);
    } catch (RuntimeException | Error e) {
      log.warn("a request's callback failed", e); // as a future's dependent, it fails alone
    }
    return null;
  }

  /**
   * Relays a complete request (one command line, plus its data block) and completes with a retained
   * slice holding exactly its answer, which the caller must release. Takes ownership of
   * {@code request} (released on every path).
   */
  public CompletableFuture<ByteBuf> forward(ByteBuf request, ResponseShape shape) {
    if (shape == ResponseShape.NONE) {
      request.release();
      throw new IllegalArgumentException("use forwardNoReply for requests without an answer");
    }
    return execute(new RawCommand(request, shape));
  }

  /** As {@link #forward(ByteBuf, ResponseShape)}, failing at {@code timeoutNanos} instead of the default timeout. */
  public CompletableFuture<ByteBuf> forward(ByteBuf request, ResponseShape shape, long timeoutNanos) {
    if (shape == ResponseShape.NONE) {
      request.release();
      throw new IllegalArgumentException("use forwardNoReply for requests without an answer");
    }
    return execute(new RawCommand(request, shape), timeoutNanos);
  }

  /** Relays a noreply request; completes once it is written. Takes ownership of {@code request}. */
  public CompletableFuture<Void> forwardNoReply(ByteBuf request) {
    return execute(new RawCommand(request, ResponseShape.NONE)).thenApply(ignored -> null);
  }

  /** Completes when the connection is (or next becomes) open. */
  public CompletableFuture<Void> whenConnected() {
    return up;
  }

  public boolean isConnected() {
    Channel ch = channel;
    return ch != null && ch.isActive();
  }

  /** Requests accepted and not yet answered (or failed off the wire). */
  public int outstanding() {
    return limit.current();
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  public SocketAddress address() {
    return address;
  }

  @Override
  public String name() {
    return name;
  }

  /** Closes the channel (in-flight requests fail with {@link ConnectionLostException}); no reconnect. */
  @Override
  public void close() {
    closeAsync().join();
  }

  public CompletableFuture<Void> closeAsync() {
    closed = true;
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> {
      Channel ch = channel;
      channel = null;
      up.completeExceptionally(new NodeDownException(name + " connection is closed"));
      if (ch == null) {
        done.complete(null);
      } else {
        ch.close().addListener(f -> done.complete(null));
      }
    });
    return done;
  }

  private void connect() {
    if (closed) {
      return;
    }
    bootstrap.connect().addListener((ChannelFuture f) -> {
      if (f.isSuccess()) {
        onConnected(f.channel());
      } else {
        log.debug("connect to {} ({}) failed: {}", name, address, f.cause().toString());
        scheduleReconnect();
      }
    });
  }

  private void onConnected(Channel ch) {
    if (closed) {
      ch.close();
      return;
    }
    SslHandler tls = ch.pipeline().get(SslHandler.class);
    if (tls == null) {
      greetThenPublish(ch);
      return;
    }
    tls.handshakeFuture().addListener(f -> {
      if (f.isSuccess()) {
        greetThenPublish(ch);
      } else {
        log.warn("TLS handshake with {} ({}) failed: {}", name, address, f.cause().toString());
        abandon(ch);
      }
    });
  }

  /** Runs the greeting, if any, and only then lets requests use the channel. */
  private void greetThenPublish(Channel ch) {
    ConnectionGreeting hello = greeting;
    if (hello == null) {
      publish(ch);
      return;
    }
    CompletableFuture<Void> greeted;
    try {
      greeted = hello.greet(request -> exchange(ch, request));
    } catch (RuntimeException e) {
      greeted = CompletableFuture.failedFuture(e);
    }
    greeted.whenComplete((ok, failure) -> loop.execute(() -> {
      if (failure == null) {
        publish(ch);
      } else {
        log.warn("{} ({}) did not accept this connection's greeting: {}", name, address, failure.toString());
        abandon(ch);
      }
    }));
  }

  /** One greeting request on a channel not yet published; its answer line without the CRLF. */
  private CompletableFuture<String> exchange(Channel ch, byte[] request) {
    PendingRequest<ByteBuf> pending = new PendingRequest<>(new RawCommand(null, ResponseShape.LINE),
        Unpooled.wrappedBuffer(request.clone()), System.nanoTime(), defaultTimeoutNanos, limit, metrics, name);
    limit.forceAcquire();
    ch.writeAndFlush(pending).addListener(pending);
    return pending.future().thenApply(answer -> {
      try {
        String line = answer.toString(java.nio.charset.StandardCharsets.UTF_8);
        return line.endsWith("\r\n") ? line.substring(0, line.length() - 2) : line;
      } finally {
        answer.release();
      }
    });
  }

  /** A channel that failed its TLS handshake or greeting: closed, and tried again after the backoff. */
  private void abandon(Channel ch) {
    ch.close();
    scheduleReconnect();
  }

  private void publish(Channel ch) {
    if (closed || !ch.isActive()) {
      ch.close();
      scheduleReconnect();
      return;
    }
    backoff.reset();
    if (everConnected) {
      metrics.recordReconnect();
      log.info("reconnected to {} ({})", name, address);
    }
    everConnected = true;
    channel = ch;
    ch.closeFuture().addListener(f -> onDisconnected(ch));
    up.complete(null);
  }

  private void onDisconnected(Channel ch) {
    if (channel == ch) {
      channel = null;
    }
    if (closed) {
      return;
    }
    log.info("lost connection to {} ({}); reconnecting", name, address);
    up = new CompletableFuture<>();
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (!closed) {
      loop.schedule(this::connect, backoff.nextDelayNanos(), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public String toString() {
    return "NodeConnection{" + name + " " + address + (isConnected() ? " up" : " down")
        + ", outstanding=" + outstanding() + "}";
  }
}
