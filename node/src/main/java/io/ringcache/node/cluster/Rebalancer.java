package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.ring.Ring;
import io.ringcache.ring.RingDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 *   <li>when no such holder exists (the holder crashed or left), the first old owner that is still
 *       a member sends it, which re-replicates after a failure.</li>
 * </ul>
 * Transfers are meta sets with mode add ({@link ReplicaImages#handoff}) over the replica connection,
 * so a newer write coordinated at the newcomer meanwhile is never replaced. Until a newcomer holds a
 * key, a read that misses there is answered by the key's other owners (the node's read fallback).
 *
 * <p>A further ring change stops the walk and starts a new one from the same settled ring to the
 * newest one, so transfers resume where the data actually is. Transfers are throttled to a rate in
 * items per second, at most {@link #WINDOW} unacknowledged at a time, and run on their own thread,
 * never on an event loop. A walk with failed transfers is repeated after a second.
 */
final class Rebalancer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);
    static final int WINDOW = 1024;
    private static final long PEER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String selfId;
    private final ItemStore store;
    private final PeerPool peers;
    private final RebalanceStats stats;
    private final long itemsPerSecond;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
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

    Rebalancer(String selfId, ItemStore store, PeerPool peers, RebalanceStats stats, long itemsPerSecond) {
        this.selfId = selfId;
        this.store = store;
        this.peers = peers;
        this.stats = stats;
        this.itemsPerSecond = itemsPerSecond;
    }

    /** Called with every ring this node adopts; returns at once. */
    void ringChanged(Topology next) {
        synchronized (lock) {
            if (settled == null) {
                settled = next; // the first ring: this node holds nothing placed by an earlier one
                return;
            }
            Topology newest = target != null ? target : settled;
            if (next.ring().epoch() <= newest.ring().epoch()) {
                return; // only an address changed: placement is the same
            }
            target = next;
            stats.running.set(1);
            long gen = ++generation;
            worker.execute(() -> walk(gen));
        }
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
        Walk w = new Walk(from.ring(), to.ring());
        boolean finished = true;
        for (ItemKey key : store.keys()) {
            if ((stats.scanned.incrementAndGet() & 1023) == 0 && !current(gen)) {
                finished = false;
                break;
            }
            w.consider(key, gen);
        }
        w.awaitAcks();
        long dropped = w.dropHandedOff();
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
            target = null;
            stats.running.set(0);
        }
    }

    /** One walk's decisions and transfers. Runs on the worker thread; acks complete on I/O threads. */
    private final class Walk {
        final Ring from;
        final Ring to;
        final int[] oldOwners;
        final int[] newOwners;
        final Semaphore window = new Semaphore(WINDOW);
        final AtomicLong sent = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final List<ItemKey> handedOffKeys = new ArrayList<>();
        final List<byte[]> handedOffItems = new ArrayList<>();
        final Set<ItemKey> failedKeys = ConcurrentHashMap.newKeySet();
        final long startNanos = System.nanoTime();
        long attempted;

        Walk(Ring from, Ring to) {
            this.from = from;
            this.to = to;
            this.oldOwners = new int[Math.max(1, from.replicationFactor())];
            this.newOwners = new int[Math.max(1, to.replicationFactor())];
        }

        void consider(ItemKey key, long gen) {
            byte[] k = key.bytes();
            int oldCount = from.isEmpty() ? 0 : from.preferenceList(k, 0, k.length, oldOwners);
            int newCount = to.isEmpty() ? 0 : to.preferenceList(k, 0, k.length, newOwners);
            List<String> newcomers = null;
            for (int i = 0; i < newCount; i++) {
                String id = to.members().get(newOwners[i]).nodeId();
                if (!id.equals(selfId) && !isOldOwner(id, oldCount)) {
                    (newcomers == null ? newcomers = new ArrayList<>(2) : newcomers).add(id);
                }
            }
            boolean selfStays = isNewOwner(selfId, newCount);
            if (newcomers == null) {
                return;
            }
            if (!shouldSend(oldCount, newCount, selfStays)) {
                return;
            }
            byte[] item = store.get(key);
            if (item == null) {
                return;
            }
            for (String newcomer : newcomers) {
                transfer(key, item, newcomer, gen);
            }
            if (!selfStays) {
                handedOffKeys.add(key);
                handedOffItems.add(item);
            }
        }

        /**
         * This node sends when it gives the key up while alive; otherwise when no live holder gives it
         * up and this node is the key's first old owner that is still a member.
         */
        private boolean shouldSend(int oldCount, int newCount, boolean selfStays) {
            boolean selfWasOwner = isOldOwner(selfId, oldCount);
            if (!selfWasOwner) {
                return false;
            }
            if (!selfStays) {
                return true;
            }
            for (int i = 0; i < oldCount; i++) {
                String id = from.members().get(oldOwners[i]).nodeId();
                if (to.indexOf(id) >= 0 && !isNewOwner(id, newCount)) {
                    return false; // a live holder that gives the key up sends it
                }
            }
            for (int i = 0; i < oldCount; i++) {
                String id = from.members().get(oldOwners[i]).nodeId();
                if (to.indexOf(id) >= 0) {
                    return id.equals(selfId);
                }
            }
            return false;
        }

        private boolean isOldOwner(String id, int oldCount) {
            for (int i = 0; i < oldCount; i++) {
                if (from.members().get(oldOwners[i]).nodeId().equals(id)) {
                    return true;
                }
            }
            return false;
        }

        private boolean isNewOwner(String id, int newCount) {
            for (int i = 0; i < newCount; i++) {
                if (to.members().get(newOwners[i]).nodeId().equals(id)) {
                    return true;
                }
            }
            return false;
        }

        private void transfer(ItemKey key, byte[] item, String newcomer, long gen) {
            PeerPool.Peer peer = awaitPeer(newcomer, gen);
            if (peer == null) {
                failed.incrementAndGet();
                failedKeys.add(key);
                return;
            }
            throttle();
            window.acquireUninterruptibly();
            attempted++;
            int size = item.length;
            peer.send(peer.replica(), () -> ReplicaImages.handoff(key, item, alloc), ResponseShape.META)
                    .whenComplete((answer, failure) -> {
                        if (answer != null) {
                            answer.release();
                        }
                        if (failure != null) {
                            failed.incrementAndGet();
                            failedKeys.add(key);
                            stats.errors.incrementAndGet();
                        } else {
                            sent.incrementAndGet();
                            bytes.addAndGet(size);
                            stats.itemsSent.incrementAndGet();
                            stats.bytesSent.addAndGet(size);
                        }
                        window.release();
                    });
        }

        /** Waits (bounded) for the connection to a member met moments ago. */
        private PeerPool.Peer awaitPeer(String id, long gen) {
            long deadline = System.nanoTime() + PEER_WAIT_NANOS;
            while (true) {
                PeerPool.Peer peer = peers.peer(id);
                if (peer != null || System.nanoTime() > deadline || !current(gen)) {
                    return peer;
                }
                try {
                    Thread.sleep(20); // on the rebalance thread, never an event loop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }

        /** Keeps the transfers at or below the configured rate. */
        private void throttle() {
            if (itemsPerSecond <= 0) {
                return;
            }
            long due = startNanos + attempted * 1_000_000_000L / itemsPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void awaitAcks() {
            window.acquireUninterruptibly(WINDOW);
            window.release(WINDOW);
        }

        /** Drops the copies this node gave up, unless their transfer failed or the key was written since. */
        long dropHandedOff() {
            long dropped = 0;
            for (int i = 0; i < handedOffKeys.size(); i++) {
                ItemKey key = handedOffKeys.get(i);
                if (!failedKeys.contains(key) && store.removeIfSame(key, handedOffItems.get(i))) {
                    dropped++;
                }
            }
            stats.itemsDropped.addAndGet(dropped);
            return dropped;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            generation++;
        }
        worker.shutdownNow();
    }
}
