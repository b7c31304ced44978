package io.ringcache.bench.load;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything one load run needs; immutable, built and checked by {@link Builder}. */
public final class LoadSettings {
  /** UNIFORM; ZIPF; LOOP: a loop over the last loopKeys keys mixed with Zipf over the rest ({@link LoopWithZipf}). */
  public enum Distribution { UNIFORM, ZIPF, LOOP }

  /** TCP addresses, or unix domain socket paths ({@link UnixDomainSocketAddress}). */
  private final List<SocketAddress> servers;
  private final Protocol protocol;
  private final int connections;
  private final int pipeline;
  private final int threads;
  private final Duration duration;
  private final long requests;
  private final Duration warmup;
  private final boolean prefill;
  private final long keyCount;
  private final String keyPrefix;
  private final Distribution distribution;
  private final double zipfExponent;
  private final long loopKeys;
  private final double loopShare;
  private final ValueSize valueSize;
  private final Mix mix;
  private final int multiGet;
  private final boolean setOnMiss;
  private final double rate;
  private final long seed;
  private final String target;
  private final String workload;
  private final Path outputDirectory;
  private final List<Long> serverPids;
  private final boolean progress;
  private final io.netty.handler.ssl.SslContext tls;

  private LoadSettings(Builder b) {
    if (b.servers.isEmpty()) {
      throw new IllegalArgumentException("at least one server is needed");
    }
    require(b.connections >= 1, "connections must be >= 1, got " + b.connections);
    require(b.pipeline >= 1 && b.pipeline <= 1024, "pipeline depth must be in [1, 1024], got " + b.pipeline);
    require(b.threads >= 1, "threads must be >= 1, got " + b.threads);
    require(!b.duration.isNegative(), "duration must not be negative");
    require(!b.warmup.isNegative(), "warm-up must not be negative");
    require(b.requests >= 0, "requests must be >= 0");
    require(b.rate >= 0, "rate must be >= 0 (0 = as fast as possible)");
    require(b.zipfExponent > 0, "Zipf exponent must be > 0");
    require(b.distribution != Distribution.LOOP || (b.loopKeys >= 1 && b.loopKeys < b.keyCount),
        "a loop needs --loop-keys in [1, keys - 1], got " + b.loopKeys);
    require(b.loopShare > 0 && b.loopShare < 1, "the loop's share must be in (0, 1), got " + b.loopShare);
    require(b.multiGet >= 1 && b.multiGet <= 100, "multi-get size must be in [1, 100]");
    require(!b.setOnMiss || b.multiGet == 1, "--set-on-miss needs --multiget 1");
    require(b.outputDirectory != null, "an output directory is needed");
    this.servers = List.copyOf(b.servers);
    this.protocol = b.protocol;
    this.connections = b.connections;
    this.pipeline = b.pipeline;
    this.threads = b.threads;
    this.duration = b.duration;
    this.requests = b.requests;
    this.warmup = b.warmup;
    this.prefill = b.prefill;
    this.keyCount = b.keyCount;
    this.keyPrefix = b.keyPrefix;
    this.distribution = b.distribution;
    this.zipfExponent = b.zipfExponent;
    this.loopKeys = b.loopKeys;
    this.loopShare = b.loopShare;
    this.valueSize = b.valueSize;
    this.mix = b.mix;
    this.multiGet = b.multiGet;
    this.setOnMiss = b.setOnMiss;
    this.rate = b.rate;
    this.seed = b.seed;
    this.target = b.target;
    this.workload = b.workload;
    this.outputDirectory = b.outputDirectory;
    this.serverPids = List.copyOf(b.serverPids);
    this.progress = b.progress;
    tls = b.tls;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<SocketAddress> servers() { return servers; }

  public Protocol protocol() { return protocol; }

  /** A server as the command line names it: {@code host:port}, or the unix socket's path. */
  public static String show(SocketAddress server) {
    if (server instanceof InetSocketAddress inet) {
      return io.ringcache.ring.HostPort.format(inet.getHostString(), inet.getPort());
    }
    return server instanceof UnixDomainSocketAddress unix ? unix.getPath().toString() : server.toString();
  }
  public int connections() { return connections; }
  public int pipeline() { return pipeline; }
  public int threads() { return threads; }
  public Duration duration() { return duration; }
  /** Total requests to send in the measured phase; 0 means run for {@link #duration()}. */
  public long requests() { return requests; }
  public Duration warmup() { return warmup; }
  public boolean prefill() { return prefill; }
  public long keyCount() { return keyCount; }
  public String keyPrefix() { return keyPrefix; }
  public Distribution distribution() { return distribution; }
  public double zipfExponent() { return zipfExponent; }
  public long loopKeys() { return loopKeys; }
  public double loopShare() { return loopShare; }
  public ValueSize valueSize() { return valueSize; }
  public Mix mix() { return mix; }
  public int multiGet() { return multiGet; }
  public boolean setOnMiss() { return setOnMiss; }
  /** Target requests per second over all connections (open loop); 0 means closed loop. */
  public double rate() { return rate; }
  public boolean openLoop() { return rate > 0; }
  public long seed() { return seed; }
  public String target() { return target; }
  public String workload() { return workload; }
  public Path outputDirectory() { return outputDirectory; }
  /** Server processes whose CPU use the report includes (read from /proc). */
  public List<Long> serverPids() { return serverPids; }
  public boolean progress() { return progress; }
  /** TLS on every connection (a client context), or null for plain TCP. */
  public io.netty.handler.ssl.SslContext tls() { return tls; }

  public KeyChooser keyChooser() {
    return switch (distribution) {
      case ZIPF -> new ZipfSampler(keyCount, zipfExponent);
      case LOOP -> new LoopWithZipf(keyCount, loopKeys, loopShare, zipfExponent);
      case UNIFORM -> KeyChooser.uniform(keyCount);
    };
  }

  public static final class Builder {
    private List<SocketAddress> servers = List.of();
    private Protocol protocol = Protocol.TEXT;
    private int connections = 50;
    private int pipeline = 1;
    private int threads = 1;
    private Duration duration = Duration.ofSeconds(10);
    private long requests;
    private Duration warmup = Duration.ofSeconds(2);
    private boolean prefill;
    private long keyCount = 100_000;
    private String keyPrefix = "key:";
    private Distribution distribution = Distribution.UNIFORM;
    private double zipfExponent = 0.99;
    private long loopKeys;
    private double loopShare = 0.5;
    private ValueSize valueSize = new ValueSize(100, 100);
    private Mix mix = new Mix(1, 10);
    private int multiGet = 1;
    private boolean setOnMiss;
    private double rate;
    private long seed = 42;
    private String target = "server";
    private String workload = "default";
    private Path outputDirectory;
    private List<Long> serverPids = List.of();
    private boolean progress = true;
    private io.netty.handler.ssl.SslContext tls;

    public Builder servers(List<? extends SocketAddress> v) { servers = List.copyOf(v); return this; }
    public Builder protocol(Protocol v) { protocol = v; return this; }
    public Builder connections(int v) { connections = v; return this; }
    public Builder pipeline(int v) { pipeline = v; return this; }
    public Builder threads(int v) { threads = v; return this; }
    public Builder duration(Duration v) { duration = v; return this; }
    public Builder requests(long v) { requests = v; return this; }
    public Builder warmup(Duration v) { warmup = v; return this; }
    public Builder prefill(boolean v) { prefill = v; return this; }
    public Builder keyCount(long v) { keyCount = v; return this; }
    public Builder keyPrefix(String v) { keyPrefix = v; return this; }
    public Builder distribution(Distribution v) { distribution = v; return this; }
    public Builder zipfExponent(double v) { zipfExponent = v; return this; }
    public Builder loopKeys(long v) { loopKeys = v; return this; }
    public Builder loopShare(double v) { loopShare = v; return this; }
    public Builder valueSize(ValueSize v) { valueSize = v; return this; }
    public Builder mix(Mix v) { mix = v; return this; }
    public Builder multiGet(int v) { multiGet = v; return this; }
    public Builder setOnMiss(boolean v) { setOnMiss = v; return this; }
    public Builder rate(double v) { rate = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder target(String v) { target = v; return this; }
    public Builder workload(String v) { workload = v; return this; }
    public Builder outputDirectory(Path v) { outputDirectory = v; return this; }
    public Builder serverPids(List<Long> v) { serverPids = v; return this; }
    public Builder progress(boolean v) { progress = v; return this; }
    public Builder tls(io.netty.handler.ssl.SslContext v) { tls = v; return this; }

    public LoadSettings build() {
      return new LoadSettings(this);
    }
  }
}
