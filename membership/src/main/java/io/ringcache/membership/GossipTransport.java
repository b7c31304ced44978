package io.ringcache.membership;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.Transport;
import io.scalecube.cluster.transport.api.TransportConfig;
import io.scalecube.cluster.transport.api.TransportFactory;
import io.scalecube.transport.netty.Receiver;
import io.scalecube.transport.netty.Sender;
import io.scalecube.transport.netty.TransportImpl;
import io.scalecube.transport.netty.TransportImpl.ReceiverContext;
import io.scalecube.transport.netty.TransportImpl.SenderContext;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.netty.ChannelBindException;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * scalecube's TCP transport, our way: it listens on one address ({@code bindHost}; scalecube's own
 * always binds every interface and has no option for it), seals and opens every frame with the
 * cluster secret ({@link GossipAuthHandler}), bounds frames to {@link GossipFrames#MAX_FRAME} and
 * accepted connections to {@link #MAX_ACCEPTED}, of which at most {@link #MAX_UNPROVEN} may be
 * waiting for their first good frame (each may buffer up to a frame, so strangers hold at most
 * about 70 MiB between them, for 10 s). What stays scalecube's is {@link TransportImpl}
 * (the request-response plumbing, connection cache and codec calls), driven through the public
 * {@link Receiver} and {@link Sender} seams it is built from, the ones its own TCP transport uses.
 * Chosen over a wrapper around scalecube's transport because the bind and the pipeline are exactly
 * what a wrapper cannot reach, and over forking it because these two seams are all that differ.
 */
final class GossipTransport implements TransportFactory {

  /** Members keep one connection to each other member; this leaves room for a few hundred. */
  static final int MAX_ACCEPTED = 1024;
  /** Accepted connections that have not yet sent one good frame; a member's first frame comes at once. */
  static final int MAX_UNPROVEN = 64;
  private static final int LENGTH_FIELD = 4;
  /** Frames may be replayed or delayed this long at most: the members' clocks must agree within it. */
  static final long REPLAY_WINDOW_MILLIS = 30_000;
  /** Frames remembered for replay checks: at 100 frames/s per peer, 30 s of 30 peers. */
  static final int REPLAY_CAPACITY = 100_000;

  private final String bindHost;
  private final ClusterSecret secret;
  private final LongSupplier clock;
  private final ReplayGuard guard;
  private final GossipFrames.Counters counters = new GossipFrames.Counters();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger unproven = new AtomicInteger();

  GossipTransport(String bindHost, ClusterSecret secret, LongSupplier clock) {
    this.bindHost = bindHost;
    this.secret = secret;
    this.clock = clock;
    this.guard = new ReplayGuard(REPLAY_WINDOW_MILLIS, REPLAY_CAPACITY, clock);
  }

  GossipFrames.Counters counters() {
    return counters;
  }

  @Override
  public Transport createTransport(TransportConfig config) {
    return new TransportImpl(config.messageCodec(), new BoundReceiver(config), new SealingSender(config),
        config.addressMapper());
  }

  private void initChannel(Channel channel, boolean acceptedSide) {
    ChannelPipeline p = channel.pipeline();
    // head .. tail: prepender, frame decoder, auth, then reactor-netty's own handlers
    p.addFirst("ringcache-gossip-auth",
        new GossipAuthHandler(new GossipFrames(secret, guard, clock, counters), acceptedSide ? unproven : null));
    p.addFirst("ringcache-gossip-frames",
        new LengthFieldBasedFrameDecoder(GossipFrames.MAX_FRAME, 0, LENGTH_FIELD, 0, LENGTH_FIELD));
    p.addFirst("ringcache-gossip-length", new LengthFieldPrepender(LENGTH_FIELD));
  }

  private final class BoundReceiver implements Receiver {
    private final TransportConfig config;

    BoundReceiver(TransportConfig config) {
      this.config = config;
    }

    @Override
    public Mono<DisposableServer> bind() {
      return Mono.deferContextual(context -> Mono.just(context.get(ReceiverContext.class)))
          .flatMap(context -> {
            TcpServer server = TcpServer.create()
                .runOn(context.loopResources())
                .port(config.port())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .doOnChannelInit((observer, channel, remote) -> {
                  if (accepted.incrementAndGet() > MAX_ACCEPTED) {
                    counters.rejected.increment();
                    channel.close();
                  } else {
                    initChannel(channel, true);
                  }
                  channel.closeFuture().addListener(f -> accepted.decrementAndGet());
                })
                .handle((in, out) -> in.receive().retain().doOnNext(context::onMessage).then());
            return (bindHost == null ? server : server.host(bindHost)).bind().cast(DisposableServer.class)
                .onErrorMap(ChannelBindException.class, e -> GossipBindFailure.of(bindHost, config.port(), e));
          });
    }
  }

  private final class SealingSender implements Sender {
    private final TransportConfig config;

    SealingSender(TransportConfig config) {
      this.config = config;
    }

    @Override
    public Mono<Connection> connect(String address) {
      int colon = address.lastIndexOf(':');
      String host = address.substring(0, colon);
      int port = Integer.parseInt(address.substring(colon + 1));
      return Mono.deferContextual(context -> Mono.just(context.get(SenderContext.class)))
          .flatMap(context -> TcpClient.newConnection()
              .runOn(context.loopResources())
              .host(host)
              .port(port)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.SO_KEEPALIVE, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeout())
              .doOnChannelInit((observer, channel, remote) -> initChannel(channel, false))
              .connect());
    }

    @Override
    public Mono<Void> send(Message message) {
      return Mono.deferContextual(context -> {
        Connection connection = context.get(Connection.class);
        SenderContext sender = context.get(SenderContext.class);
        return connection.outbound()
            .sendObject(Mono.just(message).map(sender.messageEncoder()), buffer -> true)
            .then();
      });
    }
  }
}
