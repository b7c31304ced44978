package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.ring.Ring;
import io.ringcache.ring.RingDiff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
 * A walk that a newer ring stops drops nothing. Transfers are meta sets with mode add ({@link ReplicaImages#handoff}) over the replica connection,
 * so a newer write coordinated at the newcomer meanwhile is never replaced. Until a newcomer holds a
 * key, a read that misses there is answered by the key's other owners (the node's read fallback).
 *
 * <p>When a member departs (leaves or crashes), the holders that stayed may have counted on it for
 * handoffs of the last change that it never finished, so the next walk starts from the ring before
 * that change instead of the settled one: every holder judges again what it gave up or kept (a
 * duplicate transfer is refused by the newcomer, mode add). A copy held by a node that is no owner
 * and was none on the ring it judges from (it arrived late) goes to every owner, then is dropped.
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
    /** The last rings adopted, oldest first (at most {@link #HISTORY}); guarded by {@link #lock}. */
    private final java.util.ArrayDeque<Topology> history = new java.util.ArrayDeque<>();
    static final int HISTORY = 8;

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
        // a walk stopped by a newer ring keeps its copies: the next walk judges them against the newest
        // ring and hands them to whoever owns them now, which a newcomer of the superseded ring,
        // judging its own arrivals, might never do
        long dropped = finished ? w.dropHandedOff(gen) : 0;
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

    /**
     * Before a graceful exit: hands every item this node holds to the owners that are new for it once
     * this node is gone ({@link Topology#withoutSelf}), so that with RF 1 nothing is lost and with
     * more the copies are back at RF without waiting for the survivors' walks (a duplicate is
     * refused as such, mode add). {@code routeBy} is given every ring it hands off by, so that the
     * requests still arriving here follow the items.
     *
     * <p>The owners refuse until they adopt the ring without this node, a moment after it announced
     * its leave, so what was refused or failed is sent again, after pauses that double up to a
     * second, until all of it landed or {@code timeout} passed. A target that is leaving as well (it
     * says so) or unreachable is taken out of the ring too, and the store walked again against that
     * ring; when no member is left to take anything, it stops at once (the whole cluster stops).
     * Runs on the caller's thread; a walk in progress stops.
     *
     * @return the keys whose transfer did not land
     */
    long handOffBeforeLeaving(Topology current, java.util.function.Consumer<Topology> routeBy, Duration timeout) {
        long gen;
        synchronized (lock) {
            gen = ++generation;
            target = null;
            stats.running.set(1);
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        java.util.SortedSet<String> gone = new java.util.TreeSet<>();
        Topology after = current.withoutSelf(selfId, gone);
        routeBy.accept(after);
        Iterable<ItemKey> pending = store.keys();
        long sent = 0;
        long left = 0;
        long pauseMillis = 50;
        int round = 1;
        for (; ; round++) {
            if (after.ring().isEmpty()) {
                left = store.itemCount();
                log.warn("leaving: every other member is leaving or unreachable ({}): the cluster is stopping, {} items go with it",
                        gone, left);
                break;
            }
            Walk w = new Walk(current.ring(), after.ring(), false);
            long considered = 0;
            boolean outOfTime = false;
            for (ItemKey key : pending) {
                if ((++considered & 1023) == 0 && System.nanoTime() > deadline) {
                    outOfTime = true;
                    break;
                }
                w.consider(key, gen);
            }
            w.awaitAcks();
            sent += w.sent.get();
            left = outOfTime ? Math.max(w.failedKeys.size(), store.itemCount() - sent) : w.failedKeys.size();
            if (left > 0) {
                log.info("leaving: round {} ({} ms in): {} items landed, {} did not: {}", round,
                        (System.nanoTime() - start) / 1_000_000, w.sent.get(), left, w.refusals);
            }
            if (left == 0 || outOfTime || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > deadline) {
                break;
            }
            if (gone.addAll(w.gone)) {
                // the owners changed: judge every key again against the ring without them too
                after = current.withoutSelf(selfId, gone);
                routeBy.accept(after);
                log.info("leaving: {} leaving too or unreachable; handing off by the ring without them", gone);
                pending = store.keys();
                continue;
            }
            pending = List.copyOf(w.failedKeys);
            try {
                TimeUnit.MILLISECONDS.sleep(pauseMillis); // the caller's thread, never an event loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pauseMillis = Math.min(pauseMillis * 2, 1_000);
        }
        log.info("leaving: handed {} items to their new owners in {} rounds, {} ms; {} not handed off",
                sent, round, (System.nanoTime() - start) / 1_000_000, left);
        return left;
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
        final List<HandedOff> handedOff = new ArrayList<>();
        final Set<ItemKey> failedKeys = ConcurrentHashMap.newKeySet();
        /** Leaving only: targets that said they are leaving too, or could not be reached. */
        final Set<String> gone = ConcurrentHashMap.newKeySet();
        /** Leaving only: why transfers did not land, by target and first word of the answer or failure. */
        final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
        /** A rebalancing walk waits for the connection to a member met moments ago; a leave does not. */
        final boolean waitForPeers;
        final long startNanos = System.nanoTime();
        long attempted;

        Walk(Ring from, Ring to) {
            this(from, to, true);
        }

        Walk(Ring from, Ring to, boolean waitForPeers) {
            this.from = from;
            this.to = to;
            this.waitForPeers = waitForPeers;
            this.oldOwners = new int[Math.max(1, from.replicationFactor())];
            this.newOwners = new int[Math.max(1, to.replicationFactor())];
        }

        void consider(ItemKey key, long gen) {
            byte[] k = key.bytes();
            int oldCount = from.isEmpty() ? 0 : from.preferenceList(k, 0, k.length, oldOwners);
            int newCount = to.isEmpty() ? 0 : to.preferenceList(k, 0, k.length, newOwners);
            boolean selfOld = isOldOwner(selfId, oldCount);
            boolean selfStays = isNewOwner(selfId, newCount);
            List<String> targets = null;
            for (int i = 0; i < newCount; i++) {
                String id = to.members().get(newOwners[i]).nodeId();
                // a holder that was no owner (a copy that arrived late) cannot know who holds the key: all
                boolean newcomer = !isOldOwner(id, oldCount) || (!selfStays && !selfOld);
                if (!id.equals(selfId) && newcomer) {
                    (targets == null ? targets = new ArrayList<>(2) : targets).add(id);
                }
            }
            if (selfStays && (targets == null || aLiveHolderGivesUp(oldCount, newCount))) {
                return; // nothing new to place, or the holder that gives the key up sends it
            }
            byte[] item = store.get(key);
            if (item == null) {
                return;
            }
            if (targets != null) {
                for (String target : targets) {
                    transfer(key, item, target, gen, true);
                }
            }
            if (!selfStays) {
                handedOff.add(new HandedOff(key, item, targets == null ? List.of() : targets));
            }
        }

        /** An old owner still in the ring that is no longer an owner: it hands the key over itself. */
        private boolean aLiveHolderGivesUp(int oldCount, int newCount) {
            for (int i = 0; i < oldCount; i++) {
                String id = from.members().get(oldOwners[i]).nodeId();
                if (!id.equals(selfId) && to.indexOf(id) >= 0 && !isNewOwner(id, newCount)) {
                    return true;
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

        /**
         * Sends {@code item}: as a handoff (kept only where the key is absent) or, for a write this
         * node received after it handed the key off, as a replica image (kept where it is newer).
         */
        private void transfer(ItemKey key, byte[] item, String newcomer, long gen, boolean handoff) {
            PeerPool.Peer peer = waitForPeers ? awaitPeer(newcomer, gen) : peers.peer(newcomer);
            if (peer == null) {
                failed.incrementAndGet();
                failedKeys.add(key);
                if (!waitForPeers) {
                    gone.add(newcomer);
                    refusals.computeIfAbsent(newcomer + ": no connection", k -> new LongAdder()).increment();
                }
                return;
            }
            throttle();
            window.acquireUninterruptibly();
            attempted++;
            int size = item.length;
            java.util.function.Supplier<ByteBuf> request = () -> handoff ? ReplicaImages.handoff(key, item, alloc)
                    : ReplicaImages.image(key, item, alloc);
            // a leaving node waits for no one: a peer that is not connected now is gone for it
            (waitForPeers ? peer.send(peer.replica(), request, ResponseShape.META)
                    : peer.sendNow(peer.replica(), request, ResponseShape.META))
                    .whenComplete((answer, failure) -> {
                        // HD: stored; NS: the newcomer already holds the key. Anything else (a refusal
                        // from a node on another ring, an error) keeps the copy here for the next walk
                        boolean taken = answer != null
                                && (Answers.startsWith(answer, "HD") || Answers.startsWith(answer, "NS"));
                        boolean leavingToo = answer != null && Answers.startsWith(answer, Replication.LEAVING_PREFIX);
                        if (!waitForPeers && (failure != null || !taken)) {
                            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure;
                            String why = cause != null ? cause.getClass().getSimpleName()
                                    : firstWords(answer);
                            refusals.computeIfAbsent(newcomer + ": " + why, k -> new LongAdder()).increment();
                        }
                        if (answer != null) {
                            answer.release();
                        }
                        if (!waitForPeers && (failure != null || leavingToo)) {
                            gone.add(newcomer);
                        }
                        if (failure != null || !taken) {
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

        /**
         * Drops the copies this node gave up, unless their transfer failed. A key written here since
         * its handoff (by a coordinator still on the older ring) is sent again, as a replica image so
         * the newer item replaces the handed-off one, and dropped on the next pass.
         */
        long dropHandedOff(long gen) {
            long dropped = 0;
            List<HandedOff> pending = handedOff;
            for (int pass = 0; pass < 3 && !pending.isEmpty(); pass++) {
                List<HandedOff> changed = new ArrayList<>();
                for (HandedOff h : pending) {
                    if (failedKeys.contains(h.key())) {
                        continue;
                    }
                    if (store.removeIfSame(h.key(), h.item())) {
                        dropped++;
                        continue;
                    }
                    byte[] now = store.get(h.key());
                    if (now != null) {
                        for (String newcomer : h.newcomers()) {
                            transfer(h.key(), now, newcomer, gen, false);
                        }
                        changed.add(new HandedOff(h.key(), now, h.newcomers()));
                    }
                }
                awaitAcks();
                pending = changed;
            }
            stats.itemsDropped.addAndGet(dropped);
            return dropped;
        }
    }

    /** An error answer up to its colon ("SERVER_ERROR leaving"), for a log line. */
    private static String firstWords(ByteBuf answer) {
        String line = answer.toString(answer.readerIndex(), Math.min(answer.readableBytes(), 64),
                java.nio.charset.StandardCharsets.US_ASCII);
        int end = line.indexOf(':');
        return (end > 0 ? line.substring(0, end) : line).trim();
    }

    /** A key this node gave up: the item it sent and to whom. */
    private record HandedOff(ItemKey key, byte[] item, List<String> newcomers) {
    }

    @Override
    public void close() {
        synchronized (lock) {
            generation++;
        }
        worker.shutdownNow();
    }
}
