package io.ringcache.membership;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything a member needs to join: who it is, how to reach it, whom to ask first, and how fast
 * to detect failures. Immutable; start from a preset.
 *
 * <pre>{@code
 * MembershipSettings s = MembershipSettings.lan()
 *     .nodeId("cache-1").clientAddress("10.0.0.5:11211")
 *     .advertisedHost("10.0.0.5").gossipPort(7946)
 *     .seeds(List.of("10.0.0.5:7946", "10.0.0.6:7946"))
 *     .build();
 * }</pre>
 */
public final class MembershipSettings {

  /** The default gossip namespace; members only see members of the same cluster name. */
  public static final String DEFAULT_CLUSTER_NAME = "ringcache";
  public static final String DEFAULT_ZONE = "default";
  public static final int DEFAULT_WEIGHT = 100;
  public static final int DEFAULT_REPLICATION_FACTOR = io.ringcache.ring.RingParameters.DEFAULT_REPLICATION_FACTOR;
  public static final int DEFAULT_VNODES = io.ringcache.ring.RingParameters.DEFAULT_VNODES;

  private final String nodeId;
  private final String zone;
  private final int weight;
  private final String clientAddress;
  private final String peerAddress;
  private final String clusterName;
  private final List<String> seeds;
  private final String advertisedHost;
  private final int gossipPort;
  private final int replicationFactor;
  private final int vnodes;
  private final GossipTimings timings;
  private final boolean leaveOnShutdown;
  private final OptionalLong bootId;
  private final ClusterSecret secret;
  private final String bindHost;

  private MembershipSettings(Builder b) {
    this.nodeId = b.nodeId;
    this.zone = b.zone;
    this.weight = b.weight;
    this.clientAddress = b.clientAddress;
    this.peerAddress = b.peerAddress != null ? b.peerAddress : b.clientAddress;
    this.clusterName = b.clusterName;
    this.seeds = List.copyOf(b.seeds);
    this.advertisedHost = b.advertisedHost;
    this.gossipPort = b.gossipPort;
    this.replicationFactor = b.replicationFactor;
    this.vnodes = b.vnodes;
    this.timings = b.timings;
    this.leaveOnShutdown = b.leaveOnShutdown;
    this.bootId = b.bootId;
    this.secret = b.secret;
    this.bindHost = b.bindHost;
  }

  /** Loopback / one host: crash to new ring in about 2 s. Advertises 127.0.0.1. */
  public static Builder local() {
    return new Builder(GossipTimings.local()).advertisedHost("127.0.0.1");
  }

  /** One data centre (scalecube's LAN defaults): crash to new ring in about 10-12 s. */
  public static Builder lan() {
    return new Builder(GossipTimings.lan());
  }

  /** Across regions (scalecube's WAN defaults): crash to new ring in about a minute. */
  public static Builder wan() {
    return new Builder(GossipTimings.wan());
  }

  public String nodeId() { return nodeId; }

  public String zone() { return zone; }

  /** Ring weight; 0 makes this member an observer that owns no data and never coordinates. */
  public int weight() { return weight; }

  /** Where memcached clients reach this node ("host:port"). */
  public String clientAddress() { return clientAddress; }

  /** Where peers reach this node; the client address unless set. */
  public String peerAddress() { return peerAddress; }

  /** What every gossip frame is sealed with: members without it are neither heard nor answered. */
  public ClusterSecret secret() { return secret; }

  /** The interface the gossip port listens on; null for every interface. */
  public String bindHost() { return bindHost; }

  public String clusterName() { return clusterName; }

  /** Gossip addresses ("host:port") to join through; may include this member's own address. */
  public List<String> seeds() { return seeds; }

  /** The host peers dial for gossip; null lets scalecube pick the local host's address. */
  public String advertisedHost() { return advertisedHost; }

  /** The gossip port; 0 picks a free one. It listens on all interfaces (scalecube has no bind host). */
  public int gossipPort() { return gossipPort; }

  public int replicationFactor() { return replicationFactor; }

  public int vnodes() { return vnodes; }

  public GossipTimings timings() { return timings; }

  /** Whether a JVM shutdown hook leaves the cluster gracefully (peers see it within ~0.1 s). */
  public boolean leaveOnShutdown() { return leaveOnShutdown; }

  /** Fixed boot id, for tests; normally a new one is drawn at every start. */
  OptionalLong bootId() { return bootId; }

  public static final class Builder {
    private String nodeId;
    private String zone = DEFAULT_ZONE;
    private int weight = DEFAULT_WEIGHT;
    private String clientAddress;
    private String peerAddress;
    private String clusterName = DEFAULT_CLUSTER_NAME;
    private List<String> seeds = List.of();
    private String advertisedHost;
    private int gossipPort;
    private int replicationFactor = DEFAULT_REPLICATION_FACTOR;
    private int vnodes = DEFAULT_VNODES;
    private GossipTimings timings;
    private boolean leaveOnShutdown = true;
    private OptionalLong bootId = OptionalLong.empty();
    private ClusterSecret secret;
    private String bindHost;

    private Builder(GossipTimings timings) {
      this.timings = timings;
    }

    public Builder nodeId(String nodeId) { this.nodeId = nodeId; return this; }

    public Builder zone(String zone) { this.zone = zone; return this; }

    public Builder weight(int weight) { this.weight = weight; return this; }

    public Builder clientAddress(String clientAddress) { this.clientAddress = clientAddress; return this; }

    public Builder peerAddress(String peerAddress) { this.peerAddress = peerAddress; return this; }

    public Builder clusterName(String clusterName) { this.clusterName = clusterName; return this; }

    public Builder seeds(List<String> seeds) { this.seeds = List.copyOf(seeds); return this; }

    public Builder advertisedHost(String host) { this.advertisedHost = host; return this; }

    public Builder gossipPort(int port) { this.gossipPort = port; return this; }

    public Builder replicationFactor(int rf) { this.replicationFactor = rf; return this; }

    public Builder vnodes(int vnodes) { this.vnodes = vnodes; return this; }

    public Builder timings(GossipTimings timings) { this.timings = Objects.requireNonNull(timings); return this; }

    public Builder leaveOnShutdown(boolean leave) { this.leaveOnShutdown = leave; return this; }

    /** The cluster secret (required): gossip is sealed with it (docs/security.md). */
    public Builder secret(ClusterSecret secret) { this.secret = secret; return this; }

    /** The interface to listen on for gossip (default: every interface; a node passes its -l address). */
    public Builder bindHost(String host) { this.bindHost = host; return this; }

    Builder bootId(long bootId) { this.bootId = OptionalLong.of(bootId); return this; }

    public MembershipSettings build() {
      NodeInfo.checkName("nodeId", nodeId);
      NodeInfo.checkName("zone", zone);
      NodeInfo.checkName("clusterName", clusterName);
      NodeInfo.checkAddress("clientAddress", clientAddress);
      Objects.requireNonNull(secret, "secret: gossip is sealed with the cluster secret; every member needs it");
      if (peerAddress != null) {
        NodeInfo.checkAddress("peerAddress", peerAddress);
      }
      for (String seed : seeds) {
        NodeInfo.checkAddress("seed", seed);
      }
      if (weight < 0 || weight > NodeInfo.MAX_WEIGHT) {
        throw new IllegalArgumentException("weight must be 0.." + NodeInfo.MAX_WEIGHT + ", was " + weight);
      }
      if (gossipPort < 0 || gossipPort > 65_535) {
        throw new IllegalArgumentException("gossipPort must be 0..65535, was " + gossipPort);
      }
      if (replicationFactor < 1) {
        throw new IllegalArgumentException("replicationFactor must be at least 1, was " + replicationFactor);
      }
      if (vnodes < 1) {
        throw new IllegalArgumentException("vnodes must be at least 1, was " + vnodes);
      }
      return new MembershipSettings(this);
    }
  }
}
