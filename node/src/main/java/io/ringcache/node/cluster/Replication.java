package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.MetaSet;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.server.LocalExecutor;
import io.ringcache.node.server.ReplySink;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Both ends of a replica write: the coordinator ships each written key's resulting item to the key's
 * other owners ({@link #replicate}), and a replica applies what it receives ({@link #apply}) unless it
 * already holds a newer version, or (for a rebalancing transfer) does not own the key on its ring.
 */
final class Replication {
    private static final byte[] HD = Responses.line("HD");
    private static final byte[] NS = Responses.line("NS");
    private static final byte[] NOT_OWNER = Responses.line("SERVER_ERROR not an owner of the key on this node's ring");
    /** What a leaving node answers a transfer; the prefix is what a sender matches. */
    static final String LEAVING_PREFIX = "SERVER_ERROR leaving";
    private static final byte[] LEAVING = Responses.line(LEAVING_PREFIX + ": this node is handing its own items off");
    /** Attempts per replica write; the image is read again at each, so a retry ships the newest item. */
    private static final int REPLICA_ATTEMPTS = 10;
    private static final Executor RETRY_DELAY = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);

    private final ItemStore store;
    private final Tombstones tombstones;
    private final LocalExecutor local;
    private final PeerPool peers;
    private final ClusterStats stats;
    private final ByteBufAllocator alloc;

    Replication(ItemStore store, LocalExecutor local, PeerPool peers, ClusterStats stats, Tombstones tombstones,
            ByteBufAllocator alloc) {
        this.store = store;
        this.tombstones = tombstones;
        this.local = local;
        this.peers = peers;
        this.stats = stats;
        this.alloc = alloc;
    }

    /** Ships the written keys' items to their other owners; completes when all answered or failed. */
    CompletableFuture<Void> replicate(Command command, Topology t) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (ItemKey key : ClusterExecutor.keysOf(command)) {
            for (int owner : ClusterExecutor.owners(t, key)) {
                if (owner == t.selfIndex()) {
                    continue;
                }
                stats.replicaWrites.increment();
                acks.add(replicateTo(t.nodeId(owner), () -> ReplicaImages.image(store, key, alloc), 1));
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    /**
     * Sends a replica image to {@code ownerId}, again after 50 ms (up to {@link #REPLICA_ATTEMPTS}
     * times, about half a second) while there is no connection to it or the send fails: a member that has
     * just joined is an owner before this node's gossip knows its address, and a write acknowledged
     * with a copy missing would stay one copy short. A member gone for good runs out of attempts.
     */
    private CompletableFuture<Void> replicateTo(String ownerId, Supplier<ByteBuf> image, int attempt) {
        PeerPool.Peer peer = peers.peer(ownerId);
        CompletableFuture<Boolean> sent = peer == null ? CompletableFuture.completedFuture(false)
                : peer.send(peer.replica(), image, ResponseShape.META).handle((answer, failure) -> {
                    if (answer != null) {
                        answer.release();
                    }
                    return failure == null;
                });
        return sent.thenCompose(ok -> {
            if (ok) {
                return CompletableFuture.completedFuture(null);
            }
            if (attempt >= REPLICA_ATTEMPTS) {
                stats.replicaErrors.increment();
                return CompletableFuture.completedFuture(null);
            }
            stats.replicaRetries.increment();
            return CompletableFuture.supplyAsync(() -> null, RETRY_DELAY)
                    .thenCompose(later -> replicateTo(ownerId, image, attempt + 1));
        });
    }

    /**
     * A replica image: applied as it is unless this node already holds a newer version of the item.
     * {@code current} is this node's ring (null before it has one).
     */
    void apply(Command command, ReplySink replies, Topology current) {
        if (command instanceof MetaSet set && isHandoff(set)) {
            byte[] refusal = handoffRefusal(set.key(), current);
            if (refusal != null) {
                replies.buffer().writeBytes(refusal);
                return;
            }
        }
        tombstones.recordIfDelete(command);
        if (command instanceof MetaSet set && set.flags().has('E')) {
            byte[] item = store.get(set.key());
            if (item != null && Long.compareUnsigned(Items.cas(item), set.flags().newCas()) >= 0) {
                stats.replicaStale.increment();
                replies.buffer().writeBytes(HD);
                return;
            }
        }
        stats.replicaApplied.increment();
        local.execute(command, replies);
    }

    /** Why a rebalancing transfer of {@code key} is not taken here, as the answer; null when it is. */
    private byte[] handoffRefusal(ItemKey key, Topology current) {
        if (current != null && current.leaving()) {
            // this node is leaving too: the sender must hand the key to someone who stays
            stats.handoffsRefused.increment();
            return LEAVING;
        }
        if (!owns(current, key)) {
            // judged on another ring: refused, so the sender keeps its copy and judges again once both
            // agree, instead of leaving a copy here that no walk would move
            stats.handoffsRefused.increment();
            return NOT_OWNER;
        }
        if (tombstones.isDeleted(key)) {
            // deleted here since the ring changed; the sender never saw the delete: NS, so it drops its copy
            stats.handoffsTombstoned.increment();
            return NS;
        }
        return null;
    }

    /** A rebalancing transfer: a meta set in mode add carrying the item's CAS unique. */
    private static boolean isHandoff(MetaSet set) {
        return set.flags().mode() == 'E' && set.flags().has('E');
    }

    private static boolean owns(Topology t, ItemKey key) {
        if (t == null || !t.ready()) {
            return false;
        }
        for (int owner : ClusterExecutor.owners(t, key)) {
            if (owner == t.selfIndex()) {
                return true;
            }
        }
        return false;
    }
}
