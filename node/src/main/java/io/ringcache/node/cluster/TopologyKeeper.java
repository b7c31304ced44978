package io.ringcache.node.cluster;

import io.ringcache.membership.Membership;
import io.ringcache.membership.RingVersion;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the executor's topology and the peer connections in step with the membership: on every
 * ring version, and every quarter second in between, because a member's address arrives by gossip
 * and may come after the ring version that first lists it.
 */
final class TopologyKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopologyKeeper.class);
    private static final long REFRESH_MILLIS = 250;

    private final String selfId;
    private final Membership membership;
    private final PeerPool peers;
    private final ClusterExecutor executor;
    private final Rebalancer rebalancer;
    private final WalkReports reports;
    private final ScheduledExecutorService timer;
    private RingVersion version;
    private Topology applied;

    TopologyKeeper(String selfId, Membership membership, PeerPool peers, ClusterExecutor executor,
            Rebalancer rebalancer, WalkReports reports) {
        this.reports = reports;
        this.selfId = selfId;
        this.membership = membership;
        this.peers = peers;
        this.executor = executor;
        this.rebalancer = rebalancer;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringcache-topology");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    synchronized void onRing(RingVersion next) {
        version = next;
        log.info("ring epoch {} ({}): {}", next.epoch(), next.fingerprint(), next.placement().memberIds());
        refresh();
    }

    private void tick() {
        refresh();
        reports.send();
    }

    private synchronized void refresh() {
        if (version == null) {
            return;
        }
        Topology next = Topology.of(version, membership.members(), selfId);
        if (applied != null && applied.ring() == next.ring()
                && Arrays.equals(applied.clientAddresses(), next.clientAddresses())
                && Arrays.equals(applied.peerAddresses(), next.peerAddresses())) {
            return;
        }
        peers.update(next);
        executor.topology(next);
        rebalancer.ringChanged(next); // after routing moved to the new owners, so writes reach them too
        applied = next;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
