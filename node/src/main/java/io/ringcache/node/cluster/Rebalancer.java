package io.ringcache.node.cluster;

import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.ring.RingDiff;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves items to their new owners when the ring changes, so that every key again has its RF copies
 * and a key's new owners hold it.
 *
 * <p>After each ring change this node walks its store once and compares, for every key, its owners
 * on the <em>settled</em> ring (the last one whose data placement finished) with its owners on the
 * new ring. Owners that are new for a key (newcomers) receive the item from exactly one old holder:
 * <ul>
 *   <li>a holder that is still alive but no longer an owner (it gave up the range on a join) sends
 *       it, then drops its own copy once the newcomers acknowledged;</li>
 *   <li>when no such holder exists (the holder crashed or left), every old owner that stays an owner
 *       sends it, which re-replicates after a failure.</li>
 * </ul>
 * A walk that a newer ring stops drops nothing. Transfers carry the item's version ({@link PeerRequests#put})
 * over the replica connection, and the newcomer keeps whichever copy is newer, so a newer write
 * coordinated at the newcomer meanwhile is never replaced, and an older copy it held is. Keys this
 * node holds only a tombstone for are walked too, so a newcomer that held an older copy loses it. Until a newcomer holds a
 * key, a read that misses there is answered by the key's other owners (the node's read fallback).
 *
 * <p>When a member departs (leaves or crashes), the holders that stayed may have counted on it for
 * handoffs of the last change that it never finished, so the next walk starts from the ring before
 * that change instead of the settled one: every holder judges again what it gave up or kept (a
 * duplicate transfer is answered EX by the newcomer and changes nothing).
 *
 * <p>A member counts as holding a key only if it owned the key on the settled ring and on every ring
 * adopted since: one that was out of the ring for a while (a pause, a partition) and came back gets
 * the keys it owns again, as a newcomer does, whatever it held before (it keeps the newer copy), and
 * sends every key it holds to the key's other owners, which keep the newer copy: it may hold a write
 * it acknowledged in the moment before it found itself cut off, whose hint went to a member that is
 * no longer an owner. A copy held by a node that is no owner and was none on the ring it judges from
 * (it arrived late) goes to every owner, then is dropped.
 *
 * <p>A further ring change stops the walk and starts a new one from the same settled ring to the
 * newest one, so transfers resume where the data actually is. Transfers are throttled to a rate in
 * items per second, at most {@link TransferWalk#WINDOW} unacknowledged at a time, and run on their own thread,
 * never on an event loop. A walk with failed transfers is repeated after a second.
 */
final class Rebalancer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);
    private final TransferWalk.Sender sender;
    private final ItemStore store;
    private final RebalanceStats stats;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ringcache-rebalance");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    /** The ring whose placement the data follows; guarded by {@link #lock}. */
    private Topology settled;
    /** The newest ring, which the current walk works toward; guarded by {@link #lock}. */
    private Topology target;
    /** Bumped on every ring change; a walk stops when it is no longer the newest. Guarded by {@link #lock}. */
    private long generation;
    /** The last rings adopted, oldest first (at most {@link #HISTORY}); guarded by {@link #lock}. */
    private final java.util.ArrayDeque<Topology> history = new java.util.ArrayDeque<>();
    static final int HISTORY = 8;
    /** The epoch of the settled ring, for the other members ({@link WalkReports}); -1 before the first. */
    private volatile long settledEpoch = -1;

    Rebalancer(TransferWalk.Sender sender) {
        this.sender = sender;
        this.store = sender.store();
        this.stats = sender.stats();
    }

    /** Called with every ring this node adopts; returns at once. */
    void ringChanged(Topology next) {
        synchronized (lock) {
            if (settled == null) {
                settled = next; // the first ring: this node holds nothing placed by an earlier one
                settledEpoch = next.epoch();
                remember(next);
                return;
            }
            Topology newest = target != null ? target : settled;
            if (next.ring().epoch() <= newest.ring().epoch()) {
                return; // only an address changed: placement is the same
            }
            if (departed(newest, next) && history.size() >= 2) {
                // a member that left or crashed may not have finished handing off what it gave up at
                // the last change, and the holders that stayed counted on it: judge from before it
                // (the rings in between still count, so whoever was new then is new now)
                Topology before = history.toArray(Topology[]::new)[history.size() - 2];
                if (before.ring().epoch() < settled.ring().epoch()) {
                    log.info("a member departed: rebalancing from epoch {} instead of {}", before.ring().epoch(),
                            settled.ring().epoch());
                    settled = before;
                }
            }
            remember(next);
            target = next;
            stats.running.set(1);
            long gen = ++generation;
            worker.execute(() -> walk(gen));
        }
    }

    private void remember(Topology t) {
        history.addLast(t);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /**
     * The rings adopted after {@code from} and before {@code to}: a member counts as already holding a
     * key only if it owned the key on every one of them (one that was out of the ring for a while,
     * after a pause or a partition, may hold a stale copy, or none).
     */
    private java.util.List<io.ringcache.ring.Ring> between(Topology from, Topology to) {
        java.util.List<io.ringcache.ring.Ring> rings = new java.util.ArrayList<>();
        synchronized (lock) {
            for (Topology t : history) {
                if (t.epoch() > from.epoch() && t.epoch() < to.epoch()) {
                    rings.add(t.ring());
                }
            }
        }
        return rings;
    }

    private static boolean departed(Topology before, Topology after) {
        for (String id : before.ring().memberIds()) {
            if (after.ring().indexOf(id) < 0) {
                return true;
            }
        }
        return false;
    }

    private boolean current(long gen) {
        synchronized (lock) {
            return gen == generation;
        }
    }

    private void walk(long gen) {
        Topology from;
        Topology to;
        synchronized (lock) {
            if (gen != generation || target == null) {
                return;
            }
            from = settled;
            to = target;
        }
        long start = System.nanoTime();
        RingDiff diff = RingDiff.between(from.ring(), to.ring());
        log.info("rebalance epoch {} -> {}: {} token ranges changed owners ({} of the key space changes primary); walking {} items",
                from.ring().epoch(), to.ring().epoch(), diff.ranges().size(),
                String.format("%.3f", diff.movedFraction()), store.itemCount());
        stats.toScan.set(store.itemCount());
        stats.scanned.set(0);
        TransferWalk w = new TransferWalk(sender, from.ring(), to.ring(), true, () -> current(gen), between(from, to));
        boolean finished = true;
        for (ItemKey key : store.keys()) {
            if ((stats.scanned.incrementAndGet() & 1023) == 0 && !current(gen)) {
                finished = false;
                break;
            }
            w.consider(key);
        }
        io.ringcache.node.store.Tombstones tombstones = store.tombstones();
        if (finished && tombstones != null) {
            for (ItemKey key : tombstones.keys()) {
                long version = tombstones.version(key);
                if (version != 0) {
                    w.considerTombstone(key, version);
                }
            }
        }
        w.awaitAcks();
        // a walk stopped by a newer ring keeps its copies: the next walk judges them against the newest
        // ring and hands them to whoever owns them now, which a newcomer of the superseded ring,
        // judging its own arrivals, might never do
        long dropped = finished && current(gen) ? w.dropHandedOff() : 0;
        long millis = (System.nanoTime() - start) / 1_000_000;
        stats.lastMillis.set(millis);
        stats.runs.incrementAndGet();
        log.info("rebalance epoch {} -> {}{}: scanned {} items, sent {} items ({} bytes), dropped {}, failed {}, in {} ms",
                from.ring().epoch(), to.ring().epoch(), finished ? "" : " (stopped by a newer ring)",
                stats.scanned.get(), w.sent.get(), w.bytes.get(), dropped, w.failed.get(), millis);
        synchronized (lock) {
            if (gen != generation || !finished) {
                return; // the newer ring's walk starts again from the settled ring
            }
            if (w.failed.get() > 0) {
                worker.schedule(() -> walk(gen), 1, TimeUnit.SECONDS);
                return;
            }
            settled = to;
            settledEpoch = to.epoch();
            target = null;
            stats.running.set(0);
        }
    }

    /** The epoch of the ring this node's data follows in full; -1 before it has one. */
    long settledEpoch() {
        return settledEpoch;
    }

    @Override
    public void close() {
        synchronized (lock) {
            generation++;
        }
        worker.shutdownNow();
    }
}
