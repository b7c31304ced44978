package io.ringcache.membership;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sequences the ring's history so that every member applies the same joins and leaves in the same
 * order. The coordinator (the live owner with the smallest node id) diffs the live owners against
 * its newest ring, applies the steps ({@link Reconciler}) and publishes the result; everyone else
 * adopts any version newer than theirs ({@link RingVersion#isNewerThan}) and answers an older one
 * with theirs, so the newest version spreads both ways. See README "Sequencing".
 *
 * <p>Not thread-safe: every method runs on the membership thread. I/O and timers are injected so
 * the protocol can be driven by a deterministic simulation in tests.
 */
final class RingSequencer {

  /** Sends ring messages; fire and forget (a lost message is repaired by the periodic sync). */
  interface Network {
    void send(String gossipAddress, RingMessage message);
  }

  private static final Logger log = LoggerFactory.getLogger(RingSequencer.class);

  private final String selfKey;
  private final String selfAddress;
  private final RingModel.Factory rings;
  private final MembershipView view = new MembershipView();
  private final Network network;
  private final Consumer<RingVersion> onAdopt;
  private final Runnable reconcileSoon;
  private final LongSupplier nanoTime;
  private final long readyGraceNanos;
  private final long absentGraceNanos;
  /** Processes ("id@boot") this member saw removed while they were in the ring. */
  private final java.util.Set<String> removed = new java.util.HashSet<>();

  private RingVersion current;
  /** False until we heard a ring from a peer (or waited the grace): a fresh coordinator must not
   * publish an epoch-1 ring over an older cluster's history before it has seen that history. */
  private boolean ready;
  private long startedAt;
  private boolean selfLeaving;
  private boolean noQuorumLogged;

  RingSequencer(
      String selfKey,
      NodeInfo self,
      String selfAddress,
      RingModel.Factory rings,
      Network network,
      Consumer<RingVersion> onAdopt,
      Runnable reconcileSoon,
      LongSupplier nanoTime,
      long readyGraceNanos,
      long absentGraceNanos) {
    this.selfKey = selfKey;
    this.selfAddress = selfAddress;
    this.rings = rings;
    this.network = network;
    this.onAdopt = onAdopt;
    this.reconcileSoon = reconcileSoon;
    this.nanoTime = nanoTime;
    this.readyGraceNanos = readyGraceNanos;
    this.absentGraceNanos = absentGraceNanos;
    this.current = RingVersion.empty(rings);
    view.up(selfKey, self, selfAddress);
  }

  /** Called once the gossip layer joined: asks every known member for its ring. */
  void start() {
    startedAt = Math.max(1, nanoTime.getAsLong());
    var others = view.otherAddresses(selfKey);
    if (others.isEmpty()) {
      ready = true;
      reconcileSoon.run();
      return;
    }
    for (String address : others) {
      network.send(address, request(true));
    }
  }

  void memberUp(String memberKey, NodeInfo info, String gossipAddress) {
    boolean fresh = !view.contains(memberKey);
    view.up(memberKey, info, gossipAddress);
    if (fresh && !ready && startedAt != 0) {
      network.send(gossipAddress, request(true));
    }
    reconcileSoon.run();
  }

  void memberLeaving(String memberKey) {
    view.leaving(memberKey);
    reconcileSoon.run();
  }

  void memberGone(String memberKey) {
    view.gone(memberKey).ifPresent(l -> {
      if (current.members().stream().anyMatch(m -> isProcess(m, l.info()))) {
        removed.add(processKey(l.info().nodeId(), l.info().bootId()));
      }
    });
    reconcileSoon.run();
  }

  /** This process is leaving: it stops coordinating and drops out of the owners it computes. */
  void selfLeaving() {
    selfLeaving = true;
    view.leaving(selfKey);
  }

  /**
   * No epoch anyone may announce reaches this: 2^48 ring changes are millennia of churn, and a
   * version at Long.MAX_VALUE would be newer than every ring the cluster could ever publish.
   */
  static final long MAX_EPOCH = 1L << 48;
  /**
   * A member that has a ring takes no version more than this many changes ahead of it: a member
   * that was away misses a handful; a corrupt or hostile announcement would skip ahead for good.
   * A member without a ring yet (epoch 0, just started) takes any epoch below {@link #MAX_EPOCH}.
   */
  static final long MAX_EPOCH_STEP = 1L << 20;

  /** Why an announced epoch is refused, or null when it is within bounds. */
  static String epochOutOfBounds(long offered, long current) {
    if (offered < 0 || offered >= MAX_EPOCH) {
      return "epoch " + offered + " is out of range (0.." + MAX_EPOCH + ")";
    }
    if (current > 0 && offered - current > MAX_EPOCH_STEP) {
      return "epoch " + offered + " is more than " + MAX_EPOCH_STEP + " changes ahead of this member's " + current;
    }
    return null;
  }

  void onMessage(RingMessage message) {
    if (message instanceof RingMessage.Announce announce) {
      RingVersion offered;
      try {
        offered = RingVersion.decode(announce.version(), rings);
      } catch (IllegalArgumentException e) {
        log.warn("Dropping a bad ring version from {}: {}", announce.from(), e.getMessage());
        return;
      }
      String tooFar = epochOutOfBounds(offered.epoch(), current.epoch());
      if (tooFar != null) {
        log.warn("Dropping ring version from {}: {}", announce.from(), tooFar);
        return;
      }
      ready = true;
      if (offered.isNewerThan(current)) {
        adopt(offered);
      } else if (current.isNewerThan(offered)) {
        network.send(announce.from(), announce());
      }
    } else if (message instanceof RingMessage.Request request) {
      if (request.initial() || !current.sameAs(request.epoch(), request.digest())) {
        network.send(request.from(), announce());
      }
    }
  }

  /** Periodic repair: waiting members give up waiting, followers check their ring with the coordinator. */
  void tick() {
    if (startedAt == 0) {
      return;
    }
    if (!ready && nanoTime.getAsLong() - startedAt >= readyGraceNanos) {
      log.debug("No ring heard from peers within the grace; starting from epoch {}", current.epoch());
      ready = true;
    }
    Optional<MembershipView.Live> coordinator = view.coordinator();
    if (coordinator.isEmpty() || selfLeaving) {
      return;
    }
    String address = coordinator.get().gossipAddress();
    if (address.equals(selfAddress)) {
      reconcileSoon.run();
    } else {
      network.send(address, request(false));
    }
  }

  /** If this process is the coordinator, brings the ring in line with the live owners and publishes it. */
  void reconcile() {
    if (!ready || selfLeaving || !isCoordinator()) {
      return;
    }
    RingVersion next = Reconciler.reconcile(current, view.liveOwners(), this::mayRemove);
    if (next == current) {
      return;
    }
    if (removesMembers(next) && !Quorum.holds(current.placement().memberIds(), this::seesMember)) {
      // cut off from most of the ring (or the smaller half of it): the other side may be taking
      // these members' keys over; changing the ring here would let both sides accept writes
      if (!noQuorumLogged) {
        log.warn("Not changing the ring: this member sees too few of its members {}", current.placement().memberIds());
        noQuorumLogged = true;
      }
      return;
    }
    noQuorumLogged = false;
    log.info("Coordinator publishes ring epoch {} -> {}: {}", current.epoch(), next.epoch(),
        Reconciler.describe(current, next));
    adopt(next);
    RingMessage announce = announce();
    for (String address : view.otherAddresses(selfKey)) {
      network.send(address, announce);
    }
  }

  /**
   * A ring member missing from the live owners is taken out only if this member saw it leave or
   * die, or has been up long enough that the gossip layer would have reported it. A coordinator
   * that just took over may not have fetched every member's metadata yet (scalecube silently
   * skips a member whose metadata pull timed out until the next sync); without this it would
   * evict live members and re-add them a moment later.
   */
  private boolean mayRemove(RingMember member) {
    Optional<MembershipView.Live> live = view.find(member.nodeId(), member.bootId());
    if (live.isPresent()) {
      return true; // present but leaving, an observer now, or not ACTIVE
    }
    return removed.contains(processKey(member.nodeId(), member.bootId()))
        || nanoTime.getAsLong() - startedAt >= absentGraceNanos;
  }

  private boolean removesMembers(RingVersion next) {
    for (RingMember m : current.members()) {
      if (!next.members().contains(m)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a process under {@code nodeId} is alive in the view (a leaving one counts: it is
   * reachable and on this side; so does a restarted one).
   */
  private boolean seesMember(String nodeId) {
    return view.snapshot().stream().anyMatch(n -> n.nodeId().equals(nodeId));
  }

  private static boolean isProcess(RingMember m, NodeInfo info) {
    return m.nodeId().equals(info.nodeId()) && m.bootId() == info.bootId();
  }

  private static String processKey(String nodeId, long bootId) {
    return nodeId + "@" + bootId;
  }

  boolean isCoordinator() {
    return view.coordinator().map(l -> l.gossipAddress().equals(selfAddress)).orElse(false);
  }

  RingVersion current() {
    return current;
  }

  MembershipView view() {
    return view;
  }

  private void adopt(RingVersion version) {
    current = version;
    removed.retainAll(version.members().stream().map(m -> processKey(m.nodeId(), m.bootId())).toList());
    onAdopt.accept(version);
    reconcileSoon.run();
  }

  private RingMessage announce() {
    return new RingMessage.Announce(selfAddress, current.encodedUnsafe());
  }

  private RingMessage request(boolean initial) {
    return new RingMessage.Request(selfAddress, current.epoch(), current.digest(), initial);
  }
}
