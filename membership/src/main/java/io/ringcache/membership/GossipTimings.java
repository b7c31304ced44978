package io.ringcache.membership;

import java.time.Duration;
import java.util.Objects;

/**
 * Failure detection, gossip and ring-sync timings. Use a preset ({@link #local()}, {@link #lan()},
 * {@link #wan()}) and change single values with the {@code with...} methods.
 *
 * <p>Scalecube's SWIM model: a member is suspected after a direct ping and the indirect ping-req
 * window fail; it is declared dead after {@code suspicionMult * ceil(log2(n)) * pingInterval}; each
 * node probes one peer per interval, round robin. {@link #crashDetectionEstimate} applies that model.
 *
 * @param pingInterval how often each member probes one peer
 * @param pingTimeout how long a direct ping may take before indirect probes start
 * @param pingReqMembers how many peers probe a suspect on our behalf
 * @param suspicionMult suspicion timeout multiplier (see above)
 * @param gossipInterval how often gossip is spread
 * @param gossipFanout peers per gossip round
 * @param gossipRepeatMult how many rounds a gossip is repeated (times log2(n))
 * @param syncInterval full membership sync with a random member or seed (this also heals partitions)
 * @param syncTimeout how long a sync (and the first join to a seed) may take
 * @param metadataTimeout how long pulling a new member's metadata may take
 * @param connectTimeout TCP connect timeout of the gossip transport
 * @param ringSyncInterval how often followers compare their ring with the coordinator's
 * @param settleDelay how long the coordinator gathers membership changes before publishing, so
 *     that members starting together land in one ring version
 */
public record GossipTimings(
    Duration pingInterval,
    Duration pingTimeout,
    int pingReqMembers,
    int suspicionMult,
    Duration gossipInterval,
    int gossipFanout,
    int gossipRepeatMult,
    Duration syncInterval,
    Duration syncTimeout,
    Duration metadataTimeout,
    Duration connectTimeout,
    Duration ringSyncInterval,
    Duration settleDelay) {

  public GossipTimings {
    positive("pingInterval", pingInterval);
    positive("pingTimeout", pingTimeout);
    if (pingTimeout.compareTo(pingInterval) >= 0) {
      throw new IllegalArgumentException("pingTimeout must be shorter than pingInterval");
    }
    atLeast("pingReqMembers", pingReqMembers, 0);
    atLeast("suspicionMult", suspicionMult, 1);
    positive("gossipInterval", gossipInterval);
    atLeast("gossipFanout", gossipFanout, 1);
    atLeast("gossipRepeatMult", gossipRepeatMult, 1);
    positive("syncInterval", syncInterval);
    positive("syncTimeout", syncTimeout);
    positive("metadataTimeout", metadataTimeout);
    positive("connectTimeout", connectTimeout);
    positive("ringSyncInterval", ringSyncInterval);
    Objects.requireNonNull(settleDelay, "settleDelay");
    if (settleDelay.isNegative()) {
      throw new IllegalArgumentException("settleDelay must not be negative");
    }
  }

  /**
   * One JVM or one host over loopback: a crashed node is out of the ring in about 2 s with 3-7
   * members. Too tight for real networks or long GC pauses (false suspicions). The metadata and
   * sync timeouts are looser than scalecube's local preset (3 s / 2 s instead of 1 s): they do not
   * slow failure detection, and on a busy host a 1 s metadata pull timed out often enough to keep
   * members out of the view for a whole sync interval.
   */
  public static GossipTimings local() {
    return new GossipTimings(ms(200), ms(100), 1, 3, ms(100), 3, 2,
        ms(1_000), ms(2_000), ms(3_000), ms(1_000), ms(500), ms(20));
  }

  /** One data centre: scalecube's LAN defaults; a crash is detected in about 10-12 s. */
  public static GossipTimings lan() {
    return new GossipTimings(ms(1_000), ms(500), 3, 5, ms(200), 3, 3,
        ms(30_000), ms(3_000), ms(3_000), ms(3_000), ms(2_000), ms(100));
  }

  /** Across regions: scalecube's WAN defaults; a crash is detected in about a minute. */
  public static GossipTimings wan() {
    return new GossipTimings(ms(5_000), ms(3_000), 3, 6, ms(200), 4, 3,
        ms(60_000), ms(10_000), ms(10_000), ms(10_000), ms(10_000), ms(500));
  }

  /** The model's worst case from crash to removal for a cluster of {@code members} processes. */
  public Duration crashDetectionEstimate(int members) {
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, members));
    Duration suspicion = pingInterval.multipliedBy((long) suspicionMult * Math.max(1, bits));
    return pingInterval.multipliedBy(Math.max(1, members - 1)).plus(pingInterval).plus(suspicion);
  }

  public GossipTimings withPing(Duration interval, Duration timeout) {
    return new GossipTimings(interval, timeout, pingReqMembers, suspicionMult, gossipInterval,
        gossipFanout, gossipRepeatMult, syncInterval, syncTimeout, metadataTimeout, connectTimeout,
        ringSyncInterval, settleDelay);
  }

  public GossipTimings withSuspicionMult(int mult) {
    return new GossipTimings(pingInterval, pingTimeout, pingReqMembers, mult, gossipInterval,
        gossipFanout, gossipRepeatMult, syncInterval, syncTimeout, metadataTimeout, connectTimeout,
        ringSyncInterval, settleDelay);
  }

  public GossipTimings withSync(Duration interval, Duration timeout) {
    return new GossipTimings(pingInterval, pingTimeout, pingReqMembers, suspicionMult,
        gossipInterval, gossipFanout, gossipRepeatMult, interval, timeout, metadataTimeout,
        connectTimeout, ringSyncInterval, settleDelay);
  }

  public GossipTimings withRingSync(Duration interval, Duration settle) {
    return new GossipTimings(pingInterval, pingTimeout, pingReqMembers, suspicionMult,
        gossipInterval, gossipFanout, gossipRepeatMult, syncInterval, syncTimeout, metadataTimeout,
        connectTimeout, interval, settle);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
  }
}
