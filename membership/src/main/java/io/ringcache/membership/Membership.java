package io.ringcache.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's membership in a ringcache cluster: joins the gossip cluster, keeps the list of
 * live members with their metadata, and follows (or, as coordinator, sequences) the ring versions.
 *
 * <p>Threads: scalecube's own scheduler runs the gossip protocol and only hands events over; all
 * membership and sequencing state lives on one "ringcache-membership" thread; listeners are called
 * on one "ringcache-ring-events" thread. Public methods are safe from any thread.
 */
public final class Membership implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Membership.class);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  private final MembershipSettings settings;
  private final NodeInfo self;
  private final ScheduledExecutorService loop;
  private final RingNotifier notifier;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Events that arrived before the sequencer existed (scalecube reports the initial members during startAwait). */
  private final List<Consumer<RingSequencer>> early = new ArrayList<>();

  private volatile RingVersion current;
  private volatile List<NodeInfo> members;
  private volatile boolean coordinator;
  private GossipCluster gossip;
  /** Confined to the loop thread. */
  private RingSequencer sequencer;
  private boolean reconcileScheduled;
  private Thread shutdownHook;

  private Membership(MembershipSettings settings, NodeInfo self, RingModel.Factory rings) {
    this.settings = settings;
    this.self = self;
    this.current = RingVersion.empty(rings);
    this.members = List.of(self);
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ringcache-membership-" + self.nodeId());
      t.setDaemon(true);
      return t;
    });
    this.notifier = new RingNotifier(self.nodeId());
  }

  /**
   * Joins the cluster; returns once the first sync with a seed is done (or timed out).
   *
   * @throws java.io.UncheckedIOException with a {@link java.net.BindException} as its cause, in the
   *     operating system's words, when the gossip port cannot be listened on
   */
  public static Membership start(MembershipSettings settings) {
    return start(settings, PlacementRing.factory(settings.replicationFactor(), settings.vnodes()));
  }

  static Membership start(MembershipSettings settings, RingModel.Factory rings) {
    long bootId = settings.bootId().orElseGet(Membership::newBootId);
    NodeInfo self = new NodeInfo(settings.nodeId(), bootId, settings.clientAddress(),
        settings.peerAddress(), settings.zone(), settings.weight(), NodeState.ACTIVE);
    Membership membership = new Membership(settings, self, rings);
    membership.begin(rings);
    return membership;
  }

  /**
   * A boot id that grows across restarts of one node (start time in its high bits), so that when
   * an old and a new process briefly share a node id the newer one is preferred.
   */
  static long newBootId() {
    return (System.currentTimeMillis() << 20) | ThreadLocalRandom.current().nextInt(1 << 20);
  }

  private void begin(RingModel.Factory rings) {
    String memberKey = self.nodeId() + "@" + HexFormat.of().toHexDigits(self.bootId());
    try {
      gossip = GossipCluster.start(settings, memberKey, self, new GossipCluster.Events() {
        @Override
        public void up(String key, NodeInfo info, String address) {
          onLoop(s -> s.memberUp(key, info, address));
        }

        @Override
        public void leaving(String key) {
          onLoop(s -> s.memberLeaving(key));
        }

        @Override
        public void gone(String key) {
          onLoop(s -> s.memberGone(key));
        }

        @Override
        public void message(byte[] payload) {
          onLoop(s -> {
            try {
              s.onMessage(RingMessage.decode(payload));
            } catch (IllegalArgumentException e) {
              log.warn("Dropping a bad ring message: {}", e.getMessage());
            }
          });
        }
      });
    } catch (RuntimeException e) {
      loop.shutdownNow();
      notifier.close();
      throw e;
    }
    GossipTimings t = settings.timings();
    long graceNanos = t.syncTimeout().toNanos();
    // a member whose metadata pull failed is retried on the next sync
    long absentNanos = t.syncInterval().plus(t.syncTimeout()).plus(t.metadataTimeout()).toNanos();
    execute(() -> {
      sequencer = new RingSequencer(memberKey, self, gossip.address(), rings,
          (address, message) -> gossip.send(address, RingMessage.encode(message)),
          this::adopted, this::reconcileSoon, System::nanoTime, graceNanos, absentNanos);
      early.forEach(e -> e.accept(sequencer));
      early.clear();
      sequencer.start();
      refreshViews();
    });
    long tick = settings.timings().ringSyncInterval().toMillis();
    loop.scheduleWithFixedDelay(() -> guarded(s -> s.tick()), tick, tick, TimeUnit.MILLISECONDS);
    if (settings.leaveOnShutdown()) {
      shutdownHook = new Thread(this::leaveFromHook, "ringcache-membership-leave-" + self.nodeId());
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /** The newest ring version this member has adopted (epoch 0 and empty until the first one). */
  public RingVersion currentRing() {
    return current;
  }

  /**
   * Calls {@code listener} with the current version (if there is one) and then every newer one,
   * in order, on the notification thread. Close the returned handle to unsubscribe.
   */
  public AutoCloseable subscribe(RingListener listener) {
    return notifier.subscribe(listener, () -> current);
  }

  /** Live members (this one included) with their metadata; leaving ones in state LEAVING. */
  public List<NodeInfo> members() {
    return members;
  }

  public NodeInfo localNode() {
    return self;
  }

  /** This member's gossip address ("host:port"), for other members' seed lists. */
  public String gossipAddress() {
    return gossip.address();
  }

  /**
   * Asks the coordinator for its ring now rather than at the next periodic check: a node that was
   * paused, or that heard of a newer ring from a peer, catches up within a round trip.
   */
  public void syncNow() {
    onLoop(RingSequencer::tick);
  }

  /** Whether this member currently sequences the ring. */
  public boolean isCoordinator() {
    return coordinator;
  }

  /**
   * Leaves gracefully: stops coordinating, tells peers (they see LEAVING within about a gossip
   * round and the coordinator publishes a ring without this member), and stops. Idempotent.
   */
  public void leave() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      loop.submit(() -> {
        if (sequencer != null) {
          sequencer.selfLeaving();
        }
      }).get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("Could not mark self leaving before shutdown: {}", e.toString());
    }
    gossip.shutdown(SHUTDOWN_TIMEOUT);
    stopThreads();
    removeShutdownHook();
  }

  @Override
  public void close() {
    leave();
  }

  /** Gossip frames this member refused: not sealed with the cluster secret, stale, replayed or oversized. */
  public long gossipFramesRejected() {
    GossipCluster g = gossip;
    return g == null ? 0 : g.framesRejected();
  }

  /** Tests: vanish without a word, as a crashed process does (sockets closed, no LEAVING). */
  void simulateCrash() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopThreads();
    gossip.crash();
  }

  /** Tests: releases what {@link #simulateCrash} left behind. */
  void disposeAfterCrash() {
    gossip.shutdown(SHUTDOWN_TIMEOUT);
    removeShutdownHook();
  }

  private void leaveFromHook() {
    shutdownHook = null;
    leave();
  }

  private void removeShutdownHook() {
    Thread hook = shutdownHook;
    shutdownHook = null;
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting
      }
    }
  }

  private void stopThreads() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    notifier.close();
  }

  private void adopted(RingVersion version) {
    current = version;
    log.debug("{} adopted ring epoch {} {}", self.nodeId(), version.epoch(), version.fingerprint());
    notifier.publish(version);
  }

  private void reconcileSoon() {
    if (reconcileScheduled) {
      return;
    }
    reconcileScheduled = true;
    try {
      loop.schedule(() -> {
        reconcileScheduled = false;
        guarded(RingSequencer::reconcile);
      }, settings.timings().settleDelay().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      reconcileScheduled = false;
    }
  }

  private void onLoop(Consumer<RingSequencer> action) {
    execute(() -> {
      if (sequencer == null) {
        early.add(action);
      } else {
        guarded(action);
      }
    });
  }

  private void guarded(Consumer<RingSequencer> action) {
    if (sequencer == null) {
      return;
    }
    try {
      action.accept(sequencer);
      refreshViews();
    } catch (RuntimeException e) {
      log.error("Membership step failed on {}", self.nodeId(), e);
    }
  }

  private void refreshViews() {
    members = sequencer.view().snapshot();
    coordinator = sequencer.isCoordinator();
  }

  private void execute(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException closed) {
      // closed: events after close are dropped
    }
  }
}
