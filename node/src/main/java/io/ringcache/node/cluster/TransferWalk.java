package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.ring.Ring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * One pass over this node's store from ring {@code from} to ring {@code to}: for each key, the owners
 * that are new for it get the item from one holder ({@link Rebalancer} has the rules), at most
 * {@link #WINDOW} unacknowledged and at the sender's rate. Runs on one thread (the rebalancer's, or
 * the one that closes the node); acknowledgements complete on I/O threads.
 */
final class TransferWalk {
    static final int WINDOW = 1024;
    private static final long PEER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** This node as the sender of transfers. */
    record Sender(String selfId, ItemStore store, PeerPool peers, RebalanceStats stats, long itemsPerSecond) {
    }

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

    private final String selfId;
    private final ItemStore store;
    private final PeerPool peers;
    private final RebalanceStats stats;
    private final long itemsPerSecond;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    /** Whether this walk is still wanted; a newer ring stops a rebalancing walk. */
    private final BooleanSupplier wanted;

    TransferWalk(Sender sender, Ring from, Ring to, boolean waitForPeers, BooleanSupplier wanted) {
        this.selfId = sender.selfId();
        this.store = sender.store();
        this.peers = sender.peers();
        this.stats = sender.stats();
        this.itemsPerSecond = sender.itemsPerSecond();
        this.wanted = wanted;
        this.from = from;
        this.to = to;
        this.waitForPeers = waitForPeers;
        this.oldOwners = new int[Math.max(1, from.replicationFactor())];
        this.newOwners = new int[Math.max(1, to.replicationFactor())];
    }

    void consider(ItemKey key) {
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
                transfer(key, item, target, true);
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
    private void transfer(ItemKey key, byte[] item, String newcomer, boolean handoff) {
        if (!waitForPeers && gone.contains(newcomer)) {
            // a leave: this target already said it is leaving or could not be reached this round
            failed.incrementAndGet();
            failedKeys.add(key);
            return;
        }
        PeerPool.Peer peer = waitForPeers ? awaitPeer(newcomer) : peers.peer(newcomer);
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
    private PeerPool.Peer awaitPeer(String id) {
        long deadline = System.nanoTime() + PEER_WAIT_NANOS;
        while (true) {
            PeerPool.Peer peer = peers.peer(id);
            if (peer != null || System.nanoTime() > deadline || !wanted.getAsBoolean()) {
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
    long dropHandedOff() {
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
                        transfer(h.key(), now, newcomer, false);
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
}
