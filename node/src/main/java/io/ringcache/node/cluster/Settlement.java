package io.ringcache.node.cluster;

import io.ringcache.node.store.ItemKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether this node can trust what it holds for a key it owns, or must first ask the key's other
 * holders (a pull, {@link KeyGate}) before it answers for it.
 *
 * <p>After a ring change a member may own keys it did not own before: their items are on their way
 * from the old holders (rebalancing), and until they land, a read here would miss and an increment
 * or an append would start from nothing. The same holds for every key after this node was paused or
 * cut off from most of its ring (the cluster may have moved on without it). Such a key is
 * <em>unsettled</em> here. Each member tells the others when it has finished handing over what it
 * gave up for a ring ({@code rc_walked <epoch>}); once every other member of the current ring has,
 * every key is settled again and the node answers from its own store alone.
 *
 * <p>Thread-safe: rings change on the topology thread, reports arrive on I/O threads, and
 * {@link #mustPull} is read on every request (one volatile read while settled).
 */
final class Settlement {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Settlement.class);

    private static final int HISTORY = 8;

    private final String selfId;
    /** Each member's last reported walked epoch. */
    private final Map<String, Long> walked = new ConcurrentHashMap<>();
    /** Rings since the last settled one, oldest first, the current one last; guarded by this. */
    private final ArrayDeque<Topology> since = new ArrayDeque<>();
    /** The ring whose keys this node holds in full; null: none (a fresh start, or after a reset). */
    private Topology settledRing;
    private volatile Topology current;
    private volatile boolean settled;
    /**
     * Set from a pause until the ring has been checked with the peers: reports that arrive meanwhile
     * were queued while this node was stopped and speak of a cluster that may have moved on.
     */
    private volatile boolean awaitingResync;
    /** Rings were skipped, or this node was reset, since it last settled: any member may hold a key. */
    private boolean missedRings;

    Settlement(String selfId) {
        this.selfId = selfId;
    }

    /** A new ring (by epoch) is routed by from now on. */
    synchronized void ringChanged(Topology next) {
        Topology previous = current;
        if (previous != null && previous.epoch() == next.epoch()) {
            current = next; // a member's address changed: same owners
            replaceLast(next);
            return;
        }
        if (previous == null || next.epoch() != previous.epoch() + 1) {
            // rings were skipped (this node was paused or cut off): their owners are unknown here
            missedRings = previous != null;
        }
        current = next;
        since.addLast(next);
        while (since.size() > HISTORY) {
            since.removeFirst();
        }
        settled = false;
        check();
    }

    /** {@code member} finished handing over what it gave up for the ring at {@code epoch}. */
    void walked(String member, long epoch) {
        if (awaitingResync) {
            return;
        }
        Long before = walked.merge(member, epoch, Math::max);
        if (!settled && before == epoch) {
            synchronized (this) {
                check();
            }
        }
    }

    /**
     * Nothing here can be trusted as complete any more (this node was paused, or cut off from most of
     * its ring): every key it owns is pulled from the other holders until the members report again.
     * With {@code untilResynced}, reports count again only after {@link #resynced}.
     */
    synchronized void reset(boolean untilResynced) {
        log.info("every key this node owns is unsettled until the other members report their walks");
        awaitingResync = untilResynced;
        missedRings = true;
        settledRing = null;
        settled = false;
        walked.clear();
        Topology now = current;
        since.clear();
        if (now != null) {
            since.addLast(now);
        }
    }

    /** The ring was checked with the peers after a pause: their reports from now on count. */
    synchronized void resynced() {
        awaitingResync = false;
        walked.clear(); // anything recorded before was sent before the check
    }

    boolean isSettled() {
        return settled;
    }

    /** Whether a request for {@code key} must wait for a pull from its other holders. */
    boolean mustPull(ItemKey key) {
        if (settled) {
            return false;
        }
        Topology now = current;
        Topology base;
        synchronized (this) {
            base = settledRing;
        }
        if (!Topology.owns(now, key)) {
            return false;
        }
        // a key this node did not own may not be here yet; one it now coordinates but did not before
        // (it was a replica) may lack the old primary's last write, still on its way as a hint
        return base == null || !Topology.owns(base, key) || (isPrimary(now, key) && !isPrimary(base, key));
    }

    private static boolean isPrimary(Topology t, ItemKey key) {
        int[] owners = Topology.owners(t, key);
        return owners.length > 0 && owners[0] == t.selfIndex();
    }

    /**
     * Who may hold a newer copy of {@code key} than this node: its owners on every ring since the
     * settled one (or, after a reset, on the rings this node knows), other than this node; every other
     * member of the current ring when this node skipped rings or was reset (the owners on the rings
     * it never saw are unknown here).
     */
    List<String> holders(ItemKey key) {
        Set<String> ids = new LinkedHashSet<>();
        List<Topology> rings;
        boolean anyMember;
        synchronized (this) {
            rings = new ArrayList<>(since);
            if (settledRing != null) {
                rings.add(0, settledRing);
            }
            anyMember = missedRings;
        }
        for (Topology t : rings) {
            for (int owner : Topology.owners(t, key)) {
                String id = t.nodeId(owner);
                if (!id.equals(selfId)) {
                    ids.add(id);
                }
            }
        }
        Topology now = current;
        if (anyMember && now != null) {
            // the key's owners on the rings this node never saw may be any of today's members
            for (String id : now.ring().memberIds()) {
                if (!id.equals(selfId)) {
                    ids.add(id);
                }
            }
        }
        return new ArrayList<>(ids);
    }

    /** The ring this node holds every key of, for its own reports; -1 when none. */
    synchronized long settledEpoch() {
        return settled && current != null ? current.epoch() : -1;
    }

    private void check() {
        Topology now = current;
        if (now == null || settled) {
            return;
        }
        for (String id : now.ring().memberIds()) {
            // exactly this epoch: a member that reports a newer one routes by a ring this node has not
            // seen (one where it may not even be a member), so what it handed over says nothing of ours
            if (!id.equals(selfId) && walked.getOrDefault(id, -1L) != now.epoch()) {
                return;
            }
        }
        settledRing = now;
        missedRings = false;
        since.clear();
        since.addLast(now);
        settled = true;
        log.info("settled at ring epoch {}: every other member has handed over what it gave up", now.epoch());
    }

    private void replaceLast(Topology next) {
        if (!since.isEmpty()) {
            since.removeLast();
        }
        since.addLast(next);
        if (settled) {
            settledRing = next;
        }
    }
}
