package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.MetaGet;
import io.ringcache.node.protocol.MetaFlags;
import io.ringcache.node.server.DeferredReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Carries a client's keyed request to the key's owners, in order, the one walk every routed request
 * takes (single keys and each part of a multi-get):
 * <ul>
 *   <li>this node, when it is the owner in turn, coordinates the request itself;</li>
 *   <li>a peer gets it forwarded, with the ring epoch and a deadline ({@link PeerRequests});</li>
 *   <li>an owner that cannot have applied it (no connection; it refused, saying nothing was
 *       applied) passes the turn to the next owner;</li>
 *   <li>an owner that may have applied it (no answer in time, connection lost) passes the turn on
 *       only for a request that may run twice ({@link CommandKinds#isIdempotent}); any other ends
 *       with {@link Refusal#UNKNOWN_OUTCOME}, never a second application. A write is passed on only
 *       once that owner can no longer stamp it ({@link WriteDeadline}), so that it cannot run there
 *       after the client's next write to the key;</li>
 *   <li>an owner on another ring ({@link PeerStatus#retryLater}) makes the walk start again, by the
 *       newest ring, a moment later, until the deadline.</li>
 * </ul>
 * Completes with the answer the client gets (the caller applies noreply and quiet flags).
 */
final class Forwarding {

    /** Pause before routing again when an owner was on another ring: rings converge within a gossip round. */
    private static final long RETRY_DELAY_MILLIS = 25;
    private static final Executor LATER = CompletableFuture.delayedExecutor(RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    /** How long a retried delete's probe waits for an owner (one that is stopped does not answer). */
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    private final PeerPool peers;
    private final io.ringcache.node.store.ItemStore store;
    private final ClusterStats stats;
    private final ByteBufAllocator alloc;
    private final Supplier<Topology> topology;
    /** Runs a request here as the key's coordinator (the executor's own path). */
    private final BiFunction<Command, Topology, CompletableFuture<ByteBuf>> coordinateHere;
    /** How long a walk may keep routing again after rings differed. */
    private final long rerouteNanos;
    /** The deadline a forwarded write carries, from its sending ({@link WriteDeadline#sendWindowMillis}). */
    private final long writeWindowMillis;

    Forwarding(PeerPool peers, io.ringcache.node.store.ItemStore store, ClusterStats stats, ByteBufAllocator alloc,
            Supplier<Topology> topology, BiFunction<Command, Topology, CompletableFuture<ByteBuf>> coordinateHere,
            long rerouteNanos, long writeWindowMillis) {
        this.peers = peers;
        this.store = store;
        this.stats = stats;
        this.alloc = alloc;
        this.topology = topology;
        this.coordinateHere = coordinateHere;
        this.rerouteNanos = rerouteNanos;
        this.writeWindowMillis = writeWindowMillis;
    }

    /** Sends {@code command} (whose key is {@code key}'s) along its owners on ring {@code t}. */
    CompletableFuture<ByteBuf> send(Command command, Topology t) {
        return send(command, t, Topology.owners(t, CommandKinds.keyOf(command)));
    }

    /** As {@link #send(Command, Topology)}, with the key's owners on {@code t} already known. */
    CompletableFuture<ByteBuf> send(Command command, Topology t, int[] owners) {
        Walk walk = new Walk(command, System.nanoTime() + rerouteNanos,
                RetriedDelete.isDelete(command) ? System.currentTimeMillis() : 0, null);
        walk(walk, t, owners, 0);
        return walk;
    }

    /**
     * A client's request along its owners, its answer put straight into the client's place in
     * {@code slot}, as the client gets it ({@link #silence}; {@link Refusal#UNREACHABLE} if the walk
     * failed): the common forwarded request, with no future of its own to wait on.
     */
    void send(Command command, Topology t, int[] owners, DeferredReply slot) {
        Walk walk = new Walk(command, System.nanoTime() + rerouteNanos,
                RetriedDelete.isDelete(command) ? System.currentTimeMillis() : 0, slot);
        walk(walk, t, owners, 0);
    }

    /**
     * One request's way along its owners: completes with the answer the client gets (or puts it in
     * the client's place), and takes the answer of the owner asked now ({@link #accept}, called by
     * the peer connection itself), so that a forwarded request costs one object here, not futures and
     * callbacks per step.
     */
    private final class Walk extends CompletableFuture<ByteBuf> implements BiConsumer<ByteBuf, Throwable> {
        final Command command;
        /** Whether the request writes ({@link CommandKinds#isWrite}), asked once per walk. */
        final boolean write;
        /** Until when (System.nanoTime) an owner on another ring makes the walk start again. */
        long rerouteDeadline;
        /** When the walk began (unix ms), for a retried delete's probe; 0 for other requests. */
        final long startMillis;
        /** An owner may have applied it already before the walk moved on (only idempotent requests do). */
        boolean mayHaveRun;
        /** A delete retried after {@link #mayHaveRun}: an owner holds a tombstone from after its start that removed a value. */
        boolean deletedBefore;
        boolean probed;
        /** The owner asked now: the ring, the key's owners on it, and which of them. */
        Topology ring;
        int[] owners;
        int asked;
        /** The deadline the owner asked now was sent (unix ms): past it, that owner stamps nothing of it. */
        long sentDeadline;

        /** Where the client's answer goes; null: the answer completes this future. */
        final DeferredReply slot;

        Walk(Command command, long rerouteDeadline, long startMillis, DeferredReply slot) {
            this.command = command;
            this.write = CommandKinds.isWrite(command);
            this.rerouteDeadline = rerouteDeadline;
            this.startMillis = startMillis;
            this.slot = slot;
        }

        /** The walk's answer: to the client's place, or as this future's value. */
        void finish(ByteBuf answer) {
            if (slot != null) {
                slot.complete(silence(command, answer));
            } else {
                complete(answer);
            }
        }

        void fail(Throwable failure) {
            if (slot != null) {
                slot.complete(silence(command, Unpooled.wrappedBuffer(Refusal.UNREACHABLE.line())));
            } else {
                completeExceptionally(failure);
            }
        }

        /** The answer of the peer asked ({@code owners[asked]} on {@code ring}), or why there is none. */
        @Override
        public void accept(ByteBuf bytes, Throwable failure) {
            answered(this, bytes, failure);
        }
    }

    private void walk(Walk w, Topology t, int[] owners, int i) {
        Command command = w.command;
        if (i >= owners.length) {
            stats.forwardErrors.increment();
            // after an owner that may have applied it, "unreachable" (nothing applied) would be a lie
            w.finish(Unpooled.wrappedBuffer((w.mayHaveRun ? Refusal.UNKNOWN_OUTCOME : Refusal.UNREACHABLE).line()));
            return;
        }
        if (w.mayHaveRun && !w.probed && RetriedDelete.isDelete(command)) {
            w.probed = true;
            probe(w, t, owners).whenComplete((v, e) -> walk(w, t, owners, i));
            return;
        }
        if (owners[i] == t.selfIndex()) {
            coordinateHere.apply(command, t).whenComplete((bytes, failure) -> {
                if (bytes == null) {
                    w.fail(failure);
                    return;
                }
                PeerStatus status = PeerStatus.of(bytes);
                if (!status.refused()) {
                    complete(w, bytes);
                    return;
                }
                // refused here, nothing applied (a pause, a new ring, a holder not asked): as a peer's refusal
                bytes.release();
                if (status.retryLater() && System.nanoTime() < w.rerouteDeadline) {
                    later(w);
                } else {
                    walk(w, t, owners, i + 1);
                }
            });
            return;
        }
        String owner = t.nodeId(owners[i]);
        PeerPool.Peer peer = peers.peer(owner);
        if (peer == null) {
            walk(w, t, owners, i + 1);
            return;
        }
        stats.forwarded.increment();
        w.ring = t;
        w.owners = owners;
        w.asked = i;
        w.sentDeadline = w.write
                ? Math.min(peers.deadlineMillis(), System.currentTimeMillis() + writeWindowMillis) : peers.deadlineMillis();
        peer.send(peer.coordinate(), PeerRequests.forward(command, t.epoch(), w.sentDeadline, store.flushFloor(), alloc),
                RequestEncoder.shapeOf(command), w);
    }

    /** What the walk does with the answer of the peer it asked (or the failure to get one). */
    private void answered(Walk w, ByteBuf bytes, Throwable failure) {
        Topology t = w.ring;
        int[] owners = w.owners;
        int i = w.asked;
        if (failure != null) {
            boolean notSent = Failures.notSent(failure);
            if (notSent || CommandKinds.isIdempotent(w.command)) {
                w.mayHaveRun |= !notSent;
                stats.forwardFailovers.increment();
                long wait = notSent || !w.write ? 0
                        : WriteDeadline.failoverDelayMillis(w.sentDeadline, System.currentTimeMillis());
                if (wait > 0) {
                    afterOwnerCannotStamp(w, t, owners, i, wait);
                } else {
                    walk(w, t, owners, i + 1);
                }
            } else {
                stats.forwardErrors.increment();
                w.finish(Unpooled.wrappedBuffer(Refusal.UNKNOWN_OUTCOME.line()));
            }
            return;
        }
        PeerStatus status = PeerStatus.of(bytes);
        if (!status.refused()) {
            complete(w, bytes);
            return;
        }
        bytes.release();
        if (status.retryLater() && System.nanoTime() < w.rerouteDeadline) {
            later(w);
        } else {
            stats.forwardFailovers.increment();
            walk(w, t, owners, i + 1);
        }
    }

    /**
     * Asks the next owner once the owner asked last can no longer stamp the write, whose answer was
     * lost before its deadline (the connection dropped): at the deadline, or at once when that
     * owner's listener refuses connections (its process is gone, unread requests and all).
     */
    private void afterOwnerCannotStamp(Walk w, Topology t, int[] owners, int i, long waitMillis) {
        stats.forwardFailoverWaits.increment();
        java.util.concurrent.atomic.AtomicBoolean moved = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable next = () -> {
            if (moved.compareAndSet(false, true)) {
                // the ring has likely moved on meanwhile (the owner was taken out): the walk starts
                // again by the newest one, with the time to follow rings it had at its start
                Topology now = topology.get();
                w.rerouteDeadline = System.nanoTime() + rerouteNanos;
                walk(w, now, Topology.owners(now, CommandKinds.keyOf(w.command)), 0);
            }
        };
        CompletableFuture.delayedExecutor(waitMillis, TimeUnit.MILLISECONDS).execute(next);
        String address = t.peerAddresses()[owners[i]];
        if (address != null) {
            ListenerGone.at(address).thenAccept(gone -> {
                if (gone) {
                    next.run();
                }
            });
        }
    }

    /**
     * Before a delete goes to the next owner after an earlier one may have carried it out: does any
     * of the key's owners hold a tombstone younger than the delete, one that removed a value there?
     * Then the earlier owner did delete the value (and replicated the delete), and a {@code NOT_FOUND}
     * from the next one is not what happened. All owners are asked, at once: the one that removed the
     * value may be any of them (the next owner in turn may have got the tombstone only later, by a
     * hint or a pull, with nothing to remove), and one of them may be the owner that went down.
     */
    private CompletableFuture<Void> probe(Walk w, Topology t, int[] owners) {
        io.ringcache.node.store.ItemKey key = CommandKinds.keyOf(w.command);
        List<CompletableFuture<Boolean>> asks = new ArrayList<>(owners.length);
        for (int owner : owners) {
            if (owner == t.selfIndex()) {
                io.ringcache.node.store.Tombstones tombstones = store.tombstones();
                asks.add(CompletableFuture.completedFuture(tombstones != null && tombstones.removedLive(key)
                        && RetriedDelete.deletedSince(tombstones.version(key), w.startMillis)));
                continue;
            }
            PeerPool.Peer peer = peers.peer(t.nodeId(owner));
            if (peer == null) {
                continue;
            }
            asks.add(peer.send(peer.replica(), PeerRequests.get(key, RequestContext.now(t.epoch(), peers, store), alloc),
                    ResponseShape.META, PROBE_TIMEOUT_NANOS).handle((copy, failure) -> {
                        if (copy == null) {
                            return false;
                        }
                        boolean removed = PeerStatus.of(copy) == PeerStatus.TOMBSTONE && RetriedDelete.removedLive(copy)
                                && RetriedDelete.deletedSince(PeerStatus.number(copy), w.startMillis);
                        copy.release();
                        return removed;
                    }));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).handle((v, e) -> {
            w.deletedBefore = asks.stream().anyMatch(a -> Boolean.TRUE.equals(a.getNow(false)));
            return null;
        });
    }

    /** Completes the walk with an owner's answer, saying {@code DELETED} when an earlier owner did ({@link #probe}). */
    private static void complete(Walk w, ByteBuf bytes) {
        boolean retriedDelete = w.deletedBefore && RetriedDelete.saysNotFound(bytes);
        w.finish(retriedDelete ? RetriedDelete.asDeleted(bytes) : bytes);
    }

    /** Routes again a moment later, by whatever ring this node has then. */
    private void later(Walk w) {
        stats.forwardReroutes.increment();
        CompletableFuture.runAsync(() -> {
            Topology now = topology.get();
            walk(w, now, Topology.owners(now, CommandKinds.keyOf(w.command)), 0);
        }, LATER);
    }

    /**
     * What the client gets of an owner's answer: nothing for noreply, nothing for a quiet meta
     * command's success ({@code HD} for ms, md and ma; {@code EN} for mg, whose hits still answer),
     * exactly as this node would answer it itself.
     */
    static ByteBuf silence(Command command, ByteBuf answer) {
        MetaFlags flags = CommandKinds.metaFlagsOf(command);
        boolean quiet = command.noreply();
        if (!quiet && flags != null && flags.quiet()) {
            PeerStatus status = PeerStatus.of(answer);
            quiet = command instanceof MetaGet ? status == PeerStatus.MISSING : status == PeerStatus.DONE;
        }
        if (quiet) {
            answer.release();
            return Unpooled.EMPTY_BUFFER;
        }
        return answer;
    }
}
