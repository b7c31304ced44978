package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.PeerDelete;
import io.ringcache.node.protocol.Command.PeerGet;
import io.ringcache.node.protocol.Command.PeerPut;
import io.ringcache.node.protocol.ErrorReply;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.server.ReplySink;
import io.ringcache.node.store.CopyOutcome;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.Tombstones;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Both ends of keeping a key's owners alike. The coordinator of a write ships the key's resulting
 * state (item or tombstone, with its version) to the key's other owners ({@link #replicate}); every
 * owner keeps whichever copy has the greater version ({@link ItemStore#applyCopy}), so replica
 * writes, transfers, hints and repairs may arrive in any order, late or twice, and the owners still
 * end up alike.
 *
 * <p>One deadline bounds the replica part of a write. An owner that refuses because its ring differs
 * for a moment gets the newest state again every 50 ms until it passes; an owner that is not
 * connected, does not answer by then or refuses otherwise gets a hint ({@link Hints}, replayed when
 * it answers again) and the client its answer.
 */
final class Replication {
    private static final byte[] HD = Responses.line("HD");
    private static final byte[] EN = Responses.line("EN");
    private static final long RETRY_MILLIS = 50;
    private static final Executor RETRY_DELAY = CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS);

    private final ItemStore store;
    private final PeerPool peers;
    private final ClusterStats stats;
    private final Hints hints;
    private final ByteBufAllocator alloc;
    private final long deadlineNanos;
    private final java.util.function.Supplier<Topology> topology;

    Replication(ItemStore store, PeerPool peers, ClusterStats stats, Hints hints, ByteBufAllocator alloc,
            java.time.Duration deadline, java.util.function.Supplier<Topology> topology) {
        this.topology = topology;
        this.store = store;
        this.peers = peers;
        this.stats = stats;
        this.hints = hints;
        this.alloc = alloc;
        this.deadlineNanos = deadline.toNanos();
    }

    /** Ships the written keys' states to their other owners; completes when each took it or was hinted. */
    CompletableFuture<Void> replicate(List<ItemKey> keys, Topology t) {
        long deadline = System.nanoTime() + deadlineNanos;
        CompletableFuture<Void> first = null;
        List<CompletableFuture<Void>> more = null;
        for (ItemKey key : keys) {
            for (int owner : Topology.owners(t, key)) {
                if (owner != t.selfIndex()) {
                    stats.replicaWrites.increment();
                    CompletableFuture<Void> ack = replicateTo(t.nodeId(owner), key, t.ring().epoch(), deadline);
                    if (first == null) {
                        first = ack; // RF 2, one key: the only one, waited for as it is
                    } else {
                        if (more == null) {
                            more = new ArrayList<>(4);
                            more.add(first);
                        }
                        more.add(ack);
                    }
                }
            }
        }
        if (more != null) {
            return CompletableFuture.allOf(more.toArray(CompletableFuture[]::new));
        }
        return first != null ? first : CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> replicateTo(String owner, ItemKey key, long epoch, long deadline) {
        PeerPool.Peer peer = peers.peer(owner);
        ByteBuf image = PeerRequests.image(store, key, false, RequestContext.now(epoch, peers, store), alloc);
        if (image == null) {
            return CompletableFuture.completedFuture(null); // nothing to copy (a write that left nothing behind)
        }
        if (peer == null) {
            image.release();
            return hint(owner, key); // no connection at all: waiting would only hold the client up
        }
        return peer.send(peer.replica(), image, ResponseShape.META, Math.max(1, deadline - System.nanoTime()))
                .handle((answer, failure) -> {
                    PeerStatus status = answer == null ? null : PeerStatus.of(answer);
                    if (answer != null) {
                        answer.release();
                    }
                    return status;
                })
                .thenCompose(status -> {
                    if (status != null && status.taken()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    boolean later = status != null && status.retryLater();
                    if (!later || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS) >= deadline) {
                        // down, slow past the deadline, or refusing: the hint brings it the key later
                        return hint(owner, key);
                    }
                    // the two rings differ for a moment: send again by the newest one
                    stats.replicaRetries.increment();
                    return CompletableFuture.supplyAsync(() -> null, RETRY_DELAY)
                            .thenCompose(v -> replicateAgain(owner, key, epoch, deadline));
                });
    }

    /**
     * Sends the key's state again after an owner was on another ring. If this node's ring has moved
     * on meanwhile, the key's owners on the new ring get it, not the owner on the old one: a write
     * coordinated just before a ring change must reach whoever owns the key now, or a new owner that
     * took an older copy by transfer would serve it (a deleted value back, a set lost).
     */
    private CompletableFuture<Void> replicateAgain(String owner, ItemKey key, long epoch, long deadline) {
        Topology now = topology.get();
        if (now == null || now.epoch() == epoch) {
            return replicateTo(owner, key, epoch, deadline);
        }
        if (KeyTrace.on(key)) {
            KeyTrace.event("replicating again by ring " + now.epoch() + " (was " + epoch + ")", key, store.peek(key));
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(2);
        for (int o : Topology.owners(now, key)) {
            if (o != now.selfIndex()) {
                acks.add(replicateTo(now.nodeId(o), key, now.epoch(), deadline));
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> hint(String owner, ItemKey key) {
        if (KeyTrace.on(key)) {
            KeyTrace.event("hinted for " + owner, key, store.peek(key));
        }
        stats.replicaHinted.increment();
        hints.add(owner, key);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Applies another owner's copy or delete of a key, or answers a read of this node's copy. A
     * rebalancing transfer is refused for a key this node does not own (or while it is leaving), so
     * the sender keeps its copy until both agree on the ring.
     */
    void apply(Command command, ReplySink replies, Topology current) {
        if (command instanceof PeerPut put) {
            byte[] refusal = put.transfer() ? transferRefusal(put.key(), current) : null;
            if (refusal != null) {
                replies.buffer().writeBytes(refusal);
                return;
            }
            Items.fillCopy(put.item(), put.version(), put.cas(), put.flags(), put.expiresAt(), put.marks());
            io.ringcache.node.store.CopyOutcome outcome = store.applyCopy(put.key(), put.item());
            if (KeyTrace.on(put.key())) {
                KeyTrace.event((put.transfer() ? "transfer in " : "copy in ") + outcome.status(), put.key(), store.peek(put.key()));
            }
            answer(replies.buffer(), outcome);
        } else if (command instanceof PeerDelete delete) {
            byte[] refusal = delete.transfer() ? transferRefusal(delete.key(), current) : null;
            if (refusal != null) {
                replies.buffer().writeBytes(refusal);
                return;
            }
            io.ringcache.node.store.CopyOutcome outcome = store.applyDelete(delete.key(), delete.version());
            if (KeyTrace.on(delete.key())) {
                KeyTrace.event("delete in " + outcome.status(), delete.key(), Long.toUnsignedString(delete.version()));
            }
            answer(replies.buffer(), outcome);
        } else if (command instanceof PeerGet get) {
            copyOf(get.key(), replies.buffer());
        } else {
            throw new IllegalArgumentException("not a replica command: " + command);
        }
    }

    private void answer(ByteBuf out, CopyOutcome outcome) {
        switch (outcome.status()) {
            case STORED -> {
                stats.replicaApplied.increment();
                out.writeBytes(HD);
            }
            case HELD_NEWER -> {
                stats.replicaStale.increment();
                out.writeCharSequence("EX ", java.nio.charset.StandardCharsets.US_ASCII);
                Responses.writeUnsigned(out, outcome.heldVersion());
                out.writeBytes(Responses.CRLF);
            }
            case OUT_OF_MEMORY -> out.writeBytes(ErrorReply.OUT_OF_MEMORY.line());
        }
    }

    /**
     * rc_get: this node's copy of the key with its version ({@code VA}), its tombstone ({@code NF
     * <version>}, followed by {@code L} when that delete removed a live item here), or EN.
     */
    private void copyOf(ItemKey key, ByteBuf out) {
        byte[] item = store.peek(key);
        if (item != null) {
            PeerRequests.writeCopy(out, item);
            return;
        }
        Tombstones tombstones = store.tombstones();
        long deleted = tombstones == null ? 0 : tombstones.version(key);
        if (deleted != 0) {
            out.writeCharSequence("NF ", java.nio.charset.StandardCharsets.US_ASCII);
            Responses.writeUnsigned(out, deleted);
            if (tombstones.removedLive(key)) {
                out.writeCharSequence(" L", java.nio.charset.StandardCharsets.US_ASCII); // the delete removed a value here
            }
            out.writeBytes(Responses.CRLF);
        } else {
            out.writeBytes(EN);
        }
    }

    /** Why a rebalancing transfer of {@code key} is not taken here, as the answer; null when it is. */
    private byte[] transferRefusal(ItemKey key, Topology current) {
        if (current != null && current.leaving()) {
            // this node is leaving too: the sender must hand the key to someone who stays
            stats.handoffsRefused.increment();
            return Refusal.LEAVING.line();
        }
        if (!Topology.owns(current, key)) {
            // judged on another ring: refused, so the sender keeps its copy and judges again once both
            // agree, instead of leaving a copy here that no walk would move
            stats.handoffsRefused.increment();
            return Refusal.NOT_OWNER.line();
        }
        return null;
    }
}
