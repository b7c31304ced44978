package io.ringcache.client;

import io.ringcache.ring.KetamaNames;
import io.ringcache.ring.Member;
import io.ringcache.ring.Ring;
import io.ringcache.ring.RingParameters;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smart client: learns the cluster's ring from any of its seeds, sends each key straight to its
 * owner, and follows the ring as members join, leave and fail.
 *
 * <pre>{@code
 * try (ClusterClient client = ClusterClient.builder().seeds("10.0.0.1:11211", "10.0.0.2:11211").connect()) {
 *   BlockingCacheClient<String> cache = client.blocking(Transcoders.utf8());
 *   cache.set("greeting", 0, "hello");
 * }
 * }</pre>
 *
 * <p>Seeds that answer {@code rc_topology} with a ring make a cluster: routing follows the nodes' own
 * ring (the same bytes, decoded by the same ring code), kept current by a {@link TopologyWatch}. Seeds
 * that do not know the command (memcached, a standalone ringcache node) are used as a fixed set of
 * servers placed by libmemcached's ketama, as twemproxy and libmemcached would place them.
 */
public final class ClusterClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterClient.class);

  private final ClientResources resources;
  private final boolean ownsResources;
  private final RingRouter router;
  private final TopologyWatch watch;
  private final NearCache nearCache;

  private ClusterClient(ClientResources resources, boolean ownsResources, RingRouter router,
      TopologyWatch watch, NearCache nearCache) {
    this.resources = resources;
    this.ownsResources = ownsResources;
    this.router = router;
    this.watch = watch;
    this.nearCache = nearCache;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Values as byte arrays, flags 0. */
  public AsyncCacheClient<byte[]> async() {
    return nearCache == null ? AsyncCacheClient.create(router) : AsyncCacheClient.create(router, nearCache);
  }

  public <V> AsyncCacheClient<V> async(Transcoder<V> transcoder) {
    return async().withTranscoder(transcoder);
  }

  public BlockingCacheClient<byte[]> blocking() {
    return new BlockingCacheClient<>(async());
  }

  public <V> BlockingCacheClient<V> blocking(Transcoder<V> transcoder) {
    return new BlockingCacheClient<>(async(transcoder));
  }

  /** True when the seeds are a ringcache cluster (the ring is followed), false for fixed servers. */
  public boolean followsCluster() {
    return watch != null;
  }

  /** The ring in use now. */
  public ClusterTopology topology() {
    return router.topology();
  }

  public RingRouter router() {
    return router;
  }

  /** Per-node request counts and latency histograms, by node id. */
  public Map<String, NodeMetrics.Snapshot> metrics() {
    Map<String, NodeMetrics.Snapshot> snapshots = new java.util.TreeMap<>();
    router.metrics().forEach((node, m) -> snapshots.put(node, m.snapshot()));
    return snapshots;
  }

  /** The near-cache, or null when it is off. */
  public NearCache nearCache() {
    return nearCache;
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
    router.close();
    if (ownsResources) {
      resources.close();
    }
  }

  /** How a client is configured; {@link #connect()} blocks until the ring is known. */
  public static final class Builder {
    /** TCP addresses, or unix domain sockets (a node's {@code -s}). */
    private final List<SocketAddress> seeds = new ArrayList<>();
    private ClientSettings settings = ClientSettings.lan();
    private ClientResources resources;
    private int ioThreads = 1;
    private Duration bootstrapTimeout = Duration.ofSeconds(10);
    private Duration topologyRefresh = Duration.ofSeconds(5);
    private NearCache nearCache;
    private boolean fixed;

    /**
     * Seeds as {@code host:port}, or as the path of a unix domain socket (starting with {@code /});
     * any member of the cluster will do, more than one for safety.
     */
    public Builder seeds(String... hostPorts) {
      for (String hostPort : hostPorts) {
        String seed = hostPort.trim();
        seeds.add(seed.startsWith("/") ? UnixDomainSocketAddress.of(seed) : TopologyCommand.address(seed, hostPort));
      }
      return this;
    }

    public Builder seeds(List<? extends SocketAddress> addresses) {
      seeds.addAll(addresses);
      return this;
    }

    public Builder settings(ClientSettings s) {
      settings = Objects.requireNonNull(s);
      return this;
    }

    /** I/O threads the client owns (default 1); ignored when {@link #resources} is given. */
    public Builder ioThreads(int n) {
      ioThreads = n;
      return this;
    }

    /** Runs on threads owned by the caller (they stay up after {@link ClusterClient#close()}). */
    public Builder resources(ClientResources r) {
      resources = r;
      return this;
    }

    /** How long {@link #connect()} keeps trying the seeds before it gives up (default 10 s). */
    public Builder bootstrapTimeout(Duration d) {
      bootstrapTimeout = d;
      return this;
    }

    /** How often the watched member is asked for the ring besides its pushes (default 5 s). */
    public Builder topologyRefresh(Duration d) {
      topologyRefresh = d;
      return this;
    }

    /**
     * Treats the seeds as fixed servers placed by ketama without asking them for a ring: for proxies
     * such as twemproxy, which close the connection on a command they do not know.
     */
    public Builder fixedServers() {
      fixed = true;
      return this;
    }

    /** Keeps up to {@code maxItems} hot items in process for {@code timeToLive} (off by default). */
    public Builder nearCache(long maxItems, Duration timeToLive) {
      nearCache = new NearCache(maxItems, timeToLive);
      return this;
    }

    /**
     * Asks the seeds for the ring, opens a connection per member and starts watching the ring.
     * Throws {@link NodeDownException} when no seed answered within the bootstrap timeout.
     */
    public ClusterClient connect() {
      if (seeds.isEmpty()) {
        throw new IllegalArgumentException("at least one seed address is needed");
      }
      boolean owns = resources == null;
      ClientResources res = owns ? ClientResources.create(ioThreads) : resources;
      try {
        ClusterTopology found = fixed ? null : discover(res);
        if (found == null) {
          RingRouter router = new RingRouter(fixedServers(seeds), settings, res);
          router.awaitConnections(settings.connectTimeout());
          log.info("seeds do not answer rc_topology: {} fixed servers placed by ketama", seeds.size());
          return new ClusterClient(res, owns, router, null, nearCache);
        }
        RingRouter router = new RingRouter(found, settings, res);
        router.awaitConnections(settings.connectTimeout());
        TopologyWatch watch = new TopologyWatch(seeds, router::topology, router::apply, settings, res,
            topologyRefresh.toNanos());
        watch.start();
        log.info("ring epoch {} with {} members", found.epoch(), found.ring().members().size());
        return new ClusterClient(res, owns, router, watch, nearCache);
      } catch (RuntimeException e) {
        if (owns) {
          res.close();
        }
        throw e;
      }
    }

    /**
     * The ring from the first seed that has one; null when every seed answered but none knows
     * rc_topology (plain servers). Seeds whose cluster has no ring yet are asked again until the
     * bootstrap timeout.
     */
    private ClusterTopology discover(ClientResources res) {
      long deadline = System.nanoTime() + bootstrapTimeout.toNanos();
      Throwable last = null;
      while (true) {
        int plain = 0;
        for (SocketAddress seed : seeds) {
          try (NodeConnection c = NodeConnection.open("seed " + seed, seed, settings, res)) {
            long left = Math.max(1, deadline - System.nanoTime());
            c.whenConnected().get(Math.min(left, settings.connectTimeout().toNanos()), TimeUnit.NANOSECONDS);
            ClusterTopology t = c.execute(TopologyCommand.INSTANCE).get(
                settings.requestTimeout().toNanos() * 2, TimeUnit.NANOSECONDS);
            if (t != null) {
              return t;
            }
            last = new NodeDownException(seed + " is a cluster member without a ring yet");
          } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ClientErrorException ce && ce.unknownCommand()) {
              plain++;
            }
            last = cause;
          } catch (TimeoutException e) {
            last = e;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeDownException("interrupted while asking the seeds for the ring");
          }
        }
        if (plain == seeds.size()) {
          return null;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new NodeDownException("no seed of " + seeds + " gave a ring within " + bootstrapTimeout
              + (last == null ? "" : "; last: " + last));
        }
        try {
          Thread.sleep(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new NodeDownException("interrupted while asking the seeds for the ring");
        }
      }
    }

    /** Plain memcached servers: libmemcached's ketama over the seeds, each key's next server as failover. */
    static ClusterTopology fixedServers(List<SocketAddress> servers) {
      RingParameters parameters = RingParameters.defaults()
          .withMode(RingParameters.Mode.KETAMA_LIBMEMCACHED)
          .withReplicationFactor(Math.min(2, servers.size()));
      Ring ring = Ring.empty(parameters);
      for (SocketAddress s : servers) {
        ring = ring.join(Member.of(ketamaName(s)));
      }
      List<SocketAddress> inRingOrder = new ArrayList<>();
      for (Member m : ring.members()) {
        for (SocketAddress s : servers) {
          if (ketamaName(s).equals(m.nodeId())) {
            inRingOrder.add(s);
            break;
          }
        }
      }
      return new ClusterTopology(ring, inRingOrder);
    }

    /** libmemcached's name for a server on the ketama ring: a unix socket is its path with port 0. */
    private static String ketamaName(SocketAddress server) {
      if (server instanceof UnixDomainSocketAddress unix) {
        return KetamaNames.libmemcached(unix.getPath().toString(), 0);
      }
      InetSocketAddress inet = (InetSocketAddress) server;
      return KetamaNames.libmemcached(inet.getHostString(), inet.getPort());
    }
  }
}
