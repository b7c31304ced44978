package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Writes an owner missed (hinted handoff, as Dynamo and Cassandra do): when a replica write does
 * not land within the replica deadline, the coordinator answers its client and remembers the key
 * for that owner here; a background task sends the key's current state to it (the newest item or
 * tombstone, read at the time of sending, so a hint never carries an old value) once it answers
 * again. Keys, not images, are kept, so a key written many times while its owner is away costs one
 * hint.
 *
 * <p>Bounded: at most {@link #maxPerOwner} keys per owner. Past that, new hints for that owner are
 * dropped and counted; the owner is then repaired only by rebalancing (a ring change) or the next
 * write of each key. Hints for an owner that leaves the ring are dropped: whoever owns its keys next
 * gets them from rebalancing. A hint for a member that no longer owns the key (the ring changed
 * after the write) goes to the key's owners now instead.
 */
final class Hints implements AutoCloseable {

    private static final long REPLAY_MILLIS = 100;
    private static final int BATCH = 256;

    private final ItemStore store;
    private final PeerPool peers;
    private final ByteBufAllocator alloc;
    private final Supplier<Topology> topology;
    private final int maxPerOwner;
    private final Map<String, Set<ItemKey>> pending = new HashMap<>();
    private final Set<String> replaying = new java.util.HashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ringcache-hints");
        t.setDaemon(true);
        return t;
    });

    final LongAdder added = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final AtomicLong queued = new AtomicLong();

    Hints(ItemStore store, PeerPool peers, ByteBufAllocator alloc, Supplier<Topology> topology, int maxPerOwner) {
        this.store = store;
        this.peers = peers;
        this.alloc = alloc;
        this.topology = topology;
        this.maxPerOwner = maxPerOwner;
        timer.scheduleWithFixedDelay(this::replay, REPLAY_MILLIS, REPLAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Remembers that {@code owner} missed the latest write of {@code key}. */
    synchronized void add(String owner, ItemKey key) {
        Set<ItemKey> keys = pending.computeIfAbsent(owner, o -> new LinkedHashSet<>());
        if (keys.contains(key)) {
            return;
        }
        if (keys.size() >= maxPerOwner) {
            dropped.increment();
            return;
        }
        keys.add(key);
        added.increment();
        queued.incrementAndGet();
    }

    /** Whether {@code owner} still misses writes this node holds for it. */
    synchronized boolean pendingFor(String owner) {
        Set<ItemKey> keys = pending.get(owner);
        return keys != null && !keys.isEmpty();
    }

    /** Drops the hints of members no longer in the ring. */
    synchronized void retain(Topology t) {
        Iterator<Map.Entry<String, Set<ItemKey>>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Set<ItemKey>> e = it.next();
            if (t.ring().indexOf(e.getKey()) < 0) {
                queued.addAndGet(-e.getValue().size());
                dropped.add(e.getValue().size());
                it.remove();
            }
        }
    }

    /** Sends a batch to each owner that has hints and a connection, one batch in flight per owner. */
    private void replay() {
        Topology t = topology.get();
        if (t == null) {
            return;
        }
        List<Runnable> sends = new ArrayList<>();
        synchronized (this) {
            // a write that began on an older ring may hint a member that has left since: its keys were
            // handed to their new owners by the walk, and nobody would ever take the hint
            retain(t);
            for (Map.Entry<String, Set<ItemKey>> e : pending.entrySet()) {
                String owner = e.getKey();
                PeerPool.Peer peer = peers.peer(owner);
                if (e.getValue().isEmpty() || replaying.contains(owner) || peer == null || !peer.replica().isConnected()) {
                    continue;
                }
                List<ItemKey> batch = new ArrayList<>(BATCH);
                for (ItemKey key : e.getValue()) {
                    if (batch.size() == BATCH) {
                        break;
                    }
                    batch.add(key);
                }
                replaying.add(owner);
                sends.add(() -> send(owner, peer, batch, t));
            }
        }
        sends.forEach(Runnable::run);
    }

    private void send(String owner, PeerPool.Peer peer, List<ItemKey> batch, Topology t) {
        long epoch = t.ring().epoch();
        List<CompletableFuture<Boolean>> results = new ArrayList<>(batch.size());
        for (ItemKey key : batch) {
            if (!Topology.isOwner(t, key, t.ring().indexOf(owner))) {
                // hinted by an older ring: the key's owners now are the ones that must not miss it
                moveToOwners(t, owner, key);
                continue;
            }
            CompletableFuture<Boolean> landed;
            ByteBuf image = PeerRequests.image(store, key, false, RequestContext.now(epoch, peers, store), alloc);
            if (image == null) {
                landed = CompletableFuture.completedFuture(true); // nothing here any more: nothing to miss
            } else {
                landed = peer.sendNow(peer.replica(), image, ResponseShape.META).handle((answer, failure) -> {
                    if (answer == null) {
                        return false;
                    }
                    boolean taken = PeerStatus.of(answer).taken();
                    answer.release();
                    return taken;
                });
            }
            results.add(landed.thenApply(ok -> {
                if (ok) {
                    done(owner, key);
                }
                return ok;
            }));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            synchronized (this) {
                replaying.remove(owner);
            }
        });
    }

    private synchronized void moveToOwners(Topology t, String from, ItemKey key) {
        for (int o : Topology.owners(t, key)) {
            if (o != t.selfIndex()) {
                add(t.nodeId(o), key);
            }
        }
        forget(from, key);
    }

    /** A hinted key landed at its owner. */
    private synchronized void done(String owner, ItemKey key) {
        if (forget(owner, key)) {
            replayed.increment();
        }
    }

    private synchronized boolean forget(String owner, ItemKey key) {
        Set<ItemKey> keys = pending.get(owner);
        if (keys != null && keys.remove(key)) {
            queued.decrementAndGet();
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
