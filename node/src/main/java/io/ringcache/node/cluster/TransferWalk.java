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

    /** For {@link #send}: this node does not keep the key (it hands it off). */
    private static final long NOT_KEPT = 0;
    static final int WINDOW = 1024;
    private static final long PEER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * This node as the sender of transfers; {@code current} is the ring it routes by now (a copy it
     * owns there is never dropped, whatever the ring a walk judged by).
     */
    record Sender(String selfId, ItemStore store, PeerPool peers, RebalanceStats stats, long itemsPerSecond,
            java.util.function.Supplier<Topology> current) {
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
    private final List<Ring> between;
    private final int[] betweenOwners;
    /** The key being considered (for the owners on the rings in between). */
    private byte[] currentKey;
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
    private final java.util.function.Supplier<Topology> current;
    private final ItemStore store;
    private final PeerPool peers;
    private final RebalanceStats stats;
    private final long itemsPerSecond;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    /** Whether this walk is still wanted; a newer ring stops a rebalancing walk. */
    private final BooleanSupplier wanted;

    TransferWalk(Sender sender, Ring from, Ring to, boolean waitForPeers, BooleanSupplier wanted) {
        this(sender, from, to, waitForPeers, wanted, List.of());
    }

    /**
     * @param between the rings adopted after {@code from} and before {@code to}: a member counts as an
     *     old owner of a key (one that holds it) only if it owned it on {@code from} and on each of
     *     these too; one that was out of the ring for a while may hold a stale copy, or none
     */
    TransferWalk(Sender sender, Ring from, Ring to, boolean waitForPeers, BooleanSupplier wanted, List<Ring> between) {
        this.between = between;
        this.betweenOwners = new int[Math.max(1, from.replicationFactor())];
        this.selfId = sender.selfId();
        this.current = sender.current();
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
        currentKey = k;
        int oldCount = from.isEmpty() ? 0 : from.preferenceList(k, 0, k.length, oldOwners);
        int newCount = to.isEmpty() ? 0 : to.preferenceList(k, 0, k.length, newOwners);
        boolean selfOld = isOldOwner(selfId, oldCount);
        boolean selfStays = isNewOwner(selfId, newCount);
        List<String> targets = null;
        for (int i = 0; i < newCount; i++) {
            String id = to.members().get(newOwners[i]).nodeId();
            // a holder that was no owner (a copy that arrived late), or that was out of a ring in
            // between (cut off, paused), cannot know who holds the key: all owners get its copy. The
            // one that was out may hold the newest write: one it acknowledged in the moment before it
            // found itself cut off, hinted to an owner that has left the key's owners since. The
            // others keep whichever copy is newer.
            boolean newcomer = !isOldOwner(id, oldCount) || !selfOld;
            if (!id.equals(selfId) && newcomer) {
                (targets == null ? targets = new ArrayList<>(2) : targets).add(id);
            }
        }
        if (selfStays && (targets == null || (selfOld && aLiveHolderGivesUp(oldCount, newCount)))) {
            return; // nothing new to place, or the holder that gives the key up sends it
        }
        byte[] item = store.get(key);
        if (item == null) {
            return;
        }
        if (targets != null) {
            for (String target : targets) {
                transfer(key, item, target, selfStays);
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
        boolean owned = false;
        for (int i = 0; i < oldCount; i++) {
            if (from.members().get(oldOwners[i]).nodeId().equals(id)) {
                owned = true;
                break;
            }
        }
        if (!owned) {
            return false;
        }
        for (Ring r : between) {
            if (!ownsOn(r, id)) {
                return false;
            }
        }
        return true;
    }

    private boolean ownsOn(Ring r, String id) {
        if (r.isEmpty()) {
            return false;
        }
        int n = r.preferenceList(currentKey, 0, currentKey.length, betweenOwners);
        for (int i = 0; i < n; i++) {
            if (r.members().get(betweenOwners[i]).nodeId().equals(id)) {
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
     * Considers a key this node holds only a tombstone for: the owners that are new for it get the
     * delete, so that an older copy one of them holds (it was away when the key was deleted) goes.
     * Unlike an item, a tombstone is never dropped after its handoff; it simply expires.
     */
    void considerTombstone(ItemKey key, long version) {
        if (store.peek(key) != null) {
            return; // written again since: the item, with its later version, travels instead
        }
        byte[] k = key.bytes();
        currentKey = k;
        int oldCount = from.isEmpty() ? 0 : from.preferenceList(k, 0, k.length, oldOwners);
        int newCount = to.isEmpty() ? 0 : to.preferenceList(k, 0, k.length, newOwners);
        boolean selfStays = isNewOwner(selfId, newCount);
        // as for an item: a member that was out of a ring in between may hold the newest delete
        boolean selfOld = isOldOwner(selfId, oldCount);
        if (selfStays && selfOld && aLiveHolderGivesUp(oldCount, newCount)) {
            return;
        }
        for (int i = 0; i < newCount; i++) {
            String id = to.members().get(newOwners[i]).nodeId();
            if (!id.equals(selfId) && (!isOldOwner(id, oldCount) || !selfStays || !selfOld)) {
                send(key, id, () -> PeerRequests.delete(key, version, true, context(), alloc), 0,
                        selfStays ? version : NOT_KEPT);
            }
        }
    }

    /**
     * Sends {@code item} to {@code newcomer} as a transfer: kept there unless it already holds the key
     * at that version or later (a newer write coordinated there since the ring changed, or a delete).
     */
    private void transfer(ItemKey key, byte[] item, String newcomer, boolean selfStays) {
        if (KeyTrace.on(key)) {
            KeyTrace.event("transfer out to " + newcomer + " for epoch " + to.epoch(), key, item);
        }
        send(key, newcomer, () -> PeerRequests.put(key, item, true, context(), alloc), item.length,
                selfStays ? io.ringcache.node.store.Items.version(item) : NOT_KEPT);
    }

    private RequestContext context() {
        return RequestContext.now(to.epoch(), peers, store);
    }

    /**
     * Sends {@code key}'s state to {@code newcomer}. {@code keptVersion}: the version this node keeps
     * of the key as one of its owners, or {@link #NOT_KEPT}. A newcomer that holds a later one (a
     * write this node missed: its replica write went to a member that has given the key up since)
     * has it pulled here, so that no owner keeps serving an older value than another owner holds.
     */
    private void send(ItemKey key, String newcomer, java.util.function.Supplier<ByteBuf> request, int size,
            long keptVersion) {
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
        // a leaving node waits for no one: a peer that is not connected now is gone for it
        (waitForPeers ? peer.send(peer.replica(), request.get(), ResponseShape.META)
                : peer.sendNow(peer.replica(), request.get(), ResponseShape.META))
                .whenComplete((answer, failure) -> {
                    // HD: stored; EX: the newcomer already holds that version or a later one. Anything
                    // else (a refusal from a node on another ring, an error) keeps the copy here for the
                    // next walk
                    PeerStatus status = answer == null ? null : PeerStatus.of(answer);
                    boolean taken = status != null && status.taken();
                    if (status == PeerStatus.HELD_NEWER && keptVersion != NOT_KEPT
                            && Long.compareUnsigned(PeerStatus.number(answer), keptVersion) > 0) {
                        pullNewer(peer, key);
                    }
                    if (!waitForPeers && !taken) {
                        String why = failure != null ? Failures.unwrap(failure).getClass().getSimpleName()
                                : status.name().toLowerCase(java.util.Locale.ROOT);
                        refusals.computeIfAbsent(newcomer + ": " + why, k -> new LongAdder()).increment();
                    }
                    if (answer != null) {
                        answer.release();
                    }
                    if (!waitForPeers && (failure != null || status == PeerStatus.LEAVING)) {
                        gone.add(newcomer);
                    }
                    if (!taken) {
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

    /** Takes {@code peer}'s newer copy or tombstone of {@code key}, which this node, an owner too, missed. */
    private void pullNewer(PeerPool.Peer peer, ItemKey key) {
        stats.repairPulls.incrementAndGet();
        peer.send(peer.replica(), PeerRequests.get(key, context(), alloc), ResponseShape.META)
                .whenComplete((copy, failure) -> {
                    if (copy != null) {
                        KeyGate.take(store, key, copy);
                    }
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
                if (!wanted.getAsBoolean() || Topology.owns(current.get(), h.key())) {
                    // a newer ring came meanwhile, and here this node owns the key again: it may
                    // already have told a sender that it holds the key, which then dropped its own
                    continue;
                }
                if (store.removeIfSame(h.key(), h.item())) {
                    if (KeyTrace.on(h.key())) {
                        KeyTrace.event("dropped after handoff to " + h.newcomers(), h.key(), h.item());
                    }
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

    /** A key this node gave up: the item it sent and to whom. */
    private record HandedOff(ItemKey key, byte[] item, List<String> newcomers) {
    }
}
