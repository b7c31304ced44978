package io.ringcache.membership;

import io.ringcache.ring.HostPort;
import io.scalecube.cluster.Cluster;
import io.scalecube.cluster.ClusterImpl;
import io.scalecube.cluster.ClusterMessageHandler;
import io.scalecube.cluster.membership.MembershipEvent;
import io.scalecube.cluster.transport.api.Message;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only class that drives scalecube (our transport and codec plug into its seams: {@link
 * GossipTransport}, {@link GossipCodec}): starts a member with our settings and codec, turns its
 * callbacks (on scalecube's scheduler thread) into {@link Events} calls, and sends ring messages.
 */
final class GossipCluster {

  /** Callbacks from the gossip layer; implementations must hand off at once and never block. */
  interface Events {
    void up(String memberKey, NodeInfo info, String gossipAddress);

    void leaving(String memberKey);

    void gone(String memberKey);

    void message(byte[] payload);
  }

  private static final Logger log = LoggerFactory.getLogger(GossipCluster.class);

  private final Cluster cluster;
  private final GossipTransport transport;

  private GossipCluster(Cluster cluster, GossipTransport transport) {
    this.cluster = cluster;
    this.transport = transport;
  }

  /** Joins the gossip cluster; returns once the first sync with a seed finished or timed out. */
  static GossipCluster start(MembershipSettings settings, String memberKey, NodeInfo self, Events events) {
    GossipTimings t = settings.timings();
    GossipTransport transport = new GossipTransport(settings.bindHost(), settings.secret(), System::currentTimeMillis);
    Cluster cluster =
        new ClusterImpl()
            .config(c -> {
              var config = c.memberId(memberKey)
                  .memberAlias(settings.nodeId())
                  .metadata(self)
                  .metadataCodec(NodeInfoCodec.INSTANCE)
                  .metadataTimeout(millis(t.metadataTimeout()));
              return settings.advertisedHost() == null ? config : config.externalHost(settings.advertisedHost());
            })
            .transport(tc -> tc.port(settings.gossipPort()).connectTimeout(millis(t.connectTimeout()))
                .messageCodec(GossipCodec.INSTANCE).maxFrameLength(GossipFrames.MAX_FRAME))
            .transportFactory(() -> transport)
            .membership(m -> m.seedMembers(settings.seeds().stream().map(GossipCluster::scalecubeAddress).toList())
                .namespace(settings.clusterName())
                .syncInterval(millis(t.syncInterval()))
                .syncTimeout(millis(t.syncTimeout()))
                .suspicionMult(t.suspicionMult()))
            .failureDetector(f -> f.pingInterval(millis(t.pingInterval()))
                .pingTimeout(millis(t.pingTimeout()))
                .pingReqMembers(t.pingReqMembers()))
            .gossip(g -> g.gossipInterval(t.gossipInterval().toMillis())
                .gossipFanout(t.gossipFanout())
                .gossipRepeatMult(t.gossipRepeatMult()))
            .handler(c -> new Handler(events))
            .startAwait();
    return new GossipCluster(cluster, transport);
  }

  /** Gossip frames refused (not sealed with the secret, stale, replayed, oversized, too many connections). */
  long framesRejected() {
    return transport.counters().rejected.sum();
  }

  /** This member's gossip address as peers see it. */
  String address() {
    return cluster.member().address();
  }

  void send(String address, byte[] payload) {
    Message message = Message.builder().qualifier(RingMessage.QUALIFIER).data(payload).build();
    cluster.transport().send(address, message)
        .subscribe(null, e -> log.debug("Ring message to {} failed: {}", address, e.toString()));
  }

  /** Graceful leave: peers see LEAVING within about a gossip round. */
  void shutdown(Duration timeout) {
    cluster.shutdown();
    try {
      cluster.onShutdown().block(timeout);
    } catch (RuntimeException e) {
      log.warn("Gossip shutdown did not finish within {}: {}", timeout, e.toString());
    }
  }

  /** Closes the sockets without telling anyone, as a crash would (tests only). */
  void crash() {
    cluster.transport().stop().block(Duration.ofSeconds(5));
  }

  /**
   * A seed as scalecube reads it: scalecube takes everything before the last colon as the host,
   * brackets included, so an IPv6 seed ([::1]:7946 in our form) goes unbracketed (::1:7946).
   */
  static String scalecubeAddress(String seed) {
    HostPort address = HostPort.parse(seed);
    return address.host() + ":" + address.port();
  }

  private static int millis(Duration d) {
    return Math.toIntExact(d.toMillis());
  }

  /** Runs on scalecube's scheduler thread: decode (a few hundred bytes) and hand off. */
  private static final class Handler implements ClusterMessageHandler {
    private final Events events;

    Handler(Events events) {
      this.events = events;
    }

    @Override
    public void onMembershipEvent(MembershipEvent event) {
      String key = event.member().id();
      switch (event.type()) {
        case ADDED, UPDATED -> {
          NodeInfo info = decode(event.newMetadata(), event);
          if (info != null) {
            events.up(key, info, event.member().address());
          }
        }
        case LEAVING -> events.leaving(key);
        case REMOVED -> events.gone(key);
        default -> log.debug("Ignoring membership event {}", event);
      }
    }

    @Override
    public void onMessage(Message message) {
      if (RingMessage.QUALIFIER.equals(message.qualifier()) && message.data() instanceof byte[] payload) {
        events.message(payload);
      }
    }

    private static NodeInfo decode(ByteBuffer metadata, MembershipEvent event) {
      try {
        NodeInfo info = (NodeInfo) NodeInfoCodec.INSTANCE.deserialize(metadata);
        if (info == null) {
          log.warn("Member {} has no metadata; ignoring it", event.member());
        }
        return info;
      } catch (IllegalArgumentException e) {
        log.warn("Member {} has unreadable metadata ({}); ignoring it", event.member(), e.getMessage());
        return null;
      }
    }
  }
}
