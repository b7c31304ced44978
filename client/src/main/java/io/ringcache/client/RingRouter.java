package io.ringcache.client;

import io.ringcache.ring.Ring;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each key to its owner on the cluster's ring, one pipelined connection per member, and follows
 * the ring as it changes ({@link #apply}).
 *
 * <p>Failover: a request goes to the key's primary. If it cannot be sent there (the node is down, so
 * the request never left), it goes to the key's next owner at once. If it was sent and its outcome is
 * unknown (the connection was lost, it timed out), it is sent again to the next owner only when it is
 * {@link Command#idempotent() idempotent} (reads, set, delete, touch); otherwise the typed failure is
 * the answer, because applying an incr or an append twice is worse than reporting it. Each retry uses
 * the newest ring, so a request that failed because its key moved goes to the new owner.
 *
 * <p>Requests in flight when the ring changes complete on the node they were sent to: a ringcache node
 * forwards what it no longer owns. Connections to members that left are closed only after the longest
 * request timeout has passed, so their answers still arrive.
 *
 * <p>Threading: every method may be called from any thread and never blocks; {@link #apply} is
 * serialized internally and publishes the new routing in one volatile write.
 */
public final class RingRouter implements KeyRouter, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RingRouter.class);

  private final ClientSettings settings;
  private final ClientResources resources;
  /** Kept per node id across reconnects and address changes, so counts survive them. */
  private final Map<String, NodeMetrics> metrics = new ConcurrentHashMap<>();
  private final LongAdder failovers = new LongAdder();
  private final LongAdder ringUpdates = new LongAdder();
  /** Guarded by {@code this}: the connection of every current member, by node id. */
  private final Map<String, NodeConnection> connections = new HashMap<>();
  private volatile Routing routing;
  private volatile boolean closed;

  /** The ring and, at each member's index, its connection (null while its address is unknown). */
  private record Routing(ClusterTopology topology, NodeConnection[] byMember, List<NodeConnection> all) {
    Ring ring() {
      return topology.ring();
    }
  }

  public RingRouter(ClusterTopology initial, ClientSettings settings, ClientResources resources) {
    this.settings = settings;
    this.resources = resources;
    apply(initial);
  }

  /**
   * Adopts {@code next} if it is newer than the current ring (or the same ring with new member
   * addresses); opens connections to new members and retires those of members that left. Returns
   * whether it was adopted.
   */
  public synchronized boolean apply(ClusterTopology next) {
    Routing current = routing;
    if (closed || (current != null && !next.supersedes(current.topology()))) {
      return false;
    }
    int n = next.ring().members().size();
    NodeConnection[] byMember = new NodeConnection[n];
    Map<String, NodeConnection> kept = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String id = next.nodeId(i);
      SocketAddress address = next.addresses().get(i);
      NodeConnection existing = connections.get(id);
      if (existing != null && address != null && !sameAddress(existing.address(), address)) {
        existing = null; // the member came back elsewhere: the old connection is retired below
      }
      if (existing == null && address != null) {
        existing = NodeConnection.open(id, address, settings, resources,
            metrics.computeIfAbsent(id, NodeMetrics::new));
      }
      byMember[i] = existing;
      if (existing != null) {
        kept.put(id, existing);
      }
    }
    List<NodeConnection> retired = new ArrayList<>();
    for (Map.Entry<String, NodeConnection> e : connections.entrySet()) {
      if (kept.get(e.getKey()) != e.getValue()) {
        retired.add(e.getValue());
      }
    }
    connections.clear();
    connections.putAll(kept);
    routing = new Routing(next, byMember, List.copyOf(kept.values()));
    if (current != null) {
      ringUpdates.increment();
      log.info("ring epoch {} -> {} ({} members)", current.topology().epoch(), next.epoch(), n);
    }
    retireLater(retired);
    return true;
  }

  private void retireLater(List<NodeConnection> retired) {
    if (retired.isEmpty()) {
      return;
    }
    long delayMs = settings.requestTimeout().toMillis() + settings.stuckGrace().toMillis();
    resources.group().schedule(() -> retired.forEach(NodeConnection::closeAsync), delayMs,
        TimeUnit.MILLISECONDS);
  }

  private static boolean sameAddress(SocketAddress a, SocketAddress b) {
    if (a instanceof InetSocketAddress x && b instanceof InetSocketAddress y) {
      return x.getPort() == y.getPort() && x.getHostString().equals(y.getHostString());
    }
    return a.equals(b);
  }

  /**
   * Waits up to {@code timeout} for every member's connection to open, so the first requests do not
   * find their owner still connecting; members that stay down are left to fail over. Blocks.
   */
  void awaitConnections(java.time.Duration timeout) {
    CompletableFuture<?>[] all = routing.all().stream()
        .map(c -> c.whenConnected().exceptionally(failure -> null))
        .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(all).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      log.info("not every member connected within {}: {}", timeout, routing.all());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public ClusterTopology topology() {
    return routing.topology();
  }

  @Override
  public CommandExecutor route(byte[] key) {
    Routing r = routing;
    NodeConnection primary = r.byMember()[r.ring().primary(key, 0, key.length)];
    if (primary != null) {
      return primary;
    }
    NodeConnection other = firstReachable(r, key, List.of());
    return other != null ? other : new Unreachable();
  }

  /** Stands in for a key none of whose owners has a known address: fails every request at once. */
  private static final class Unreachable implements CommandExecutor {
    @Override
    public <T> CompletableFuture<T> execute(Command<T> command) {
      return CompletableFuture.failedFuture(new NodeDownException("no owner of the key is reachable"));
    }

    @Override
    public String name() {
      return "unreachable";
    }
  }

  @Override
  public <T> CompletableFuture<T> execute(byte[] key, Command<T> command) {
    Routing r = routing;
    NodeConnection primary = r.byMember()[r.ring().primary(key, 0, key.length)];
    if (primary == null || !primary.isConnected()) {
      return retry(key, command, List.of(), null);
    }
    return primary.execute(command).exceptionallyCompose(
        failure -> failover(key, command, List.of(primary.name()), failure));
  }

  private <T> CompletableFuture<T> failover(byte[] key, Command<T> command, List<String> tried,
      Throwable failure) {
    Throwable cause = causeOf(failure);
    if (!anotherOwnerMayAnswer(cause, command)) {
      return CompletableFuture.failedFuture(cause);
    }
    return retry(key, command, tried, cause);
  }

  /** The failure itself, not the CompletionException a dependent stage wraps it in. */
  static Throwable causeOf(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  /**
   * Whether {@code command}, having failed with {@code cause}, may be sent to the key's next owner:
   * always when it certainly was not applied; after a lost connection or a timeout only when
   * repeating it is harmless.
   */
  static boolean anotherOwnerMayAnswer(Throwable cause, Command<?> command) {
    return notApplied(cause) || (command.idempotent()
        && (cause instanceof ConnectionLostException || cause instanceof RequestTimeoutException));
  }

  /**
   * True when the request certainly was not applied: it never left (node down), or a cluster member
   * refused it saying so (no ring yet, too few members seen, no owner reachable: {@link
   * ServerErrorException#nothingApplied()}).
   */
  static boolean notApplied(Throwable cause) {
    // a lost connection is a NodeDownException too, but the request may have been written before it
    return (cause instanceof NodeDownException && !(cause instanceof ConnectionLostException))
        || (cause instanceof ServerErrorException e && e.nothingApplied());
  }

  /** Sends to the first connected owner on the newest ring not yet tried; fails when none is left. */
  private <T> CompletableFuture<T> retry(byte[] key, Command<T> command, List<String> tried,
      Throwable last) {
    Routing r = routing;
    if (tried.size() > r.ring().replicationFactor()) {
      return CompletableFuture.failedFuture(last);
    }
    NodeConnection next = firstReachable(r, key, tried);
    if (next == null) {
      return CompletableFuture.failedFuture(last != null ? last
          : new NodeDownException("no owner of the key is connected (tried " + tried + ")"));
    }
    failovers.increment();
    List<String> nowTried = new ArrayList<>(tried);
    nowTried.add(next.name());
    return next.execute(command).exceptionallyCompose(
        failure -> failover(key, command, nowTried, failure));
  }

  /** The key's first owner (in preference order) that is connected and not in {@code skip}. */
  private static NodeConnection firstReachable(Routing r, byte[] key, List<String> skip) {
    int[] owners = new int[r.ring().replicationFactor()];
    int count = r.ring().preferenceList(key, 0, key.length, owners);
    for (int i = 0; i < count; i++) {
      NodeConnection c = r.byMember()[owners[i]];
      if (c != null && c.isConnected() && !skip.contains(c.name())) {
        return c;
      }
    }
    return null;
  }

  @Override
  public List<NodeConnection> nodes() {
    return routing.all();
  }

  /** Per-node request counts and latencies, by node id (members that left are kept). */
  public Map<String, NodeMetrics> metrics() {
    return Map.copyOf(metrics);
  }

  /** Requests sent to a key's next owner because the previous one was down or failed. */
  public long failovers() {
    return failovers.sum();
  }

  /** Ring versions adopted after the first. */
  public long ringUpdates() {
    return ringUpdates.sum();
  }

  @Override
  public synchronized void close() {
    closed = true;
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (NodeConnection c : connections.values()) {
      closing.add(c.closeAsync());
    }
    connections.clear();
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
  }
}
