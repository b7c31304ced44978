package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.MetaGet;
import io.ringcache.node.protocol.MetaFlags;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
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
 *       with {@link Refusal#UNKNOWN_OUTCOME}, never a second application;</li>
 *   <li>an owner on another ring ({@link PeerStatus#retryLater}) makes the walk start again, by the
 *       newest ring, a moment later, until the deadline.</li>
 * </ul>
 * Completes with the answer the client gets (the caller applies noreply and quiet flags).
 */
final class Forwarding {

    /** Pause before routing again when an owner was on another ring: rings converge within a gossip round. */
    private static final long RETRY_DELAY_MILLIS = 25;
    private static final Executor LATER = CompletableFuture.delayedExecutor(RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);

    private final PeerPool peers;
    private final io.ringcache.node.store.ItemStore store;
    private final ClusterStats stats;
    private final ByteBufAllocator alloc;
    private final Supplier<Topology> topology;
    /** Runs a request here as the key's coordinator (the executor's own path). */
    private final BiFunction<Command, Topology, CompletableFuture<ByteBuf>> coordinateHere;
    /** How long a walk may keep routing again after rings differed. */
    private final long rerouteNanos;

    Forwarding(PeerPool peers, io.ringcache.node.store.ItemStore store, ClusterStats stats, ByteBufAllocator alloc,
            Supplier<Topology> topology, BiFunction<Command, Topology, CompletableFuture<ByteBuf>> coordinateHere,
            long rerouteNanos) {
        this.peers = peers;
        this.store = store;
        this.stats = stats;
        this.alloc = alloc;
        this.topology = topology;
        this.coordinateHere = coordinateHere;
        this.rerouteNanos = rerouteNanos;
    }

    /** Sends {@code command} (whose key is {@code key}'s) along its owners on ring {@code t}. */
    CompletableFuture<ByteBuf> send(Command command, Topology t) {
        CompletableFuture<ByteBuf> answer = new CompletableFuture<>();
        walk(command, t, Topology.owners(t, CommandKinds.keyOf(command)), 0, System.nanoTime() + rerouteNanos, answer);
        return answer;
    }

    private void walk(Command command, Topology t, int[] owners, int i, long rerouteDeadline,
            CompletableFuture<ByteBuf> answer) {
        if (i >= owners.length) {
            stats.forwardErrors.increment();
            answer.complete(Unpooled.wrappedBuffer(Refusal.UNREACHABLE.line()));
            return;
        }
        if (owners[i] == t.selfIndex()) {
            coordinateHere.apply(command, t).whenComplete((bytes, failure) -> {
                if (bytes != null && PeerStatus.of(bytes).retryLater() && System.nanoTime() < rerouteDeadline) {
                    bytes.release();
                    later(command, rerouteDeadline, answer);
                } else if (bytes != null) {
                    answer.complete(bytes);
                } else {
                    answer.completeExceptionally(failure);
                }
            });
            return;
        }
        String owner = t.nodeId(owners[i]);
        PeerPool.Peer peer = peers.peer(owner);
        if (peer == null) {
            walk(command, t, owners, i + 1, rerouteDeadline, answer);
            return;
        }
        stats.forwarded.increment();
        ResponseShape shape = RequestEncoder.shapeOf(command);
        peer.send(peer.coordinate(), PeerRequests.forward(command, RequestContext.now(t.epoch(), peers, store), alloc), shape)
                .whenComplete((bytes, failure) -> {
                    if (failure != null) {
                        if (Failures.notSent(failure) || CommandKinds.isIdempotent(command)) {
                            stats.forwardFailovers.increment();
                            walk(command, t, owners, i + 1, rerouteDeadline, answer);
                        } else {
                            stats.forwardErrors.increment();
                            answer.complete(Unpooled.wrappedBuffer(Refusal.UNKNOWN_OUTCOME.line()));
                        }
                        return;
                    }
                    PeerStatus status = PeerStatus.of(bytes);
                    if (!status.refused()) {
                        answer.complete(bytes);
                        return;
                    }
                    bytes.release();
                    if (status.retryLater() && System.nanoTime() < rerouteDeadline) {
                        later(command, rerouteDeadline, answer);
                    } else {
                        stats.forwardFailovers.increment();
                        walk(command, t, owners, i + 1, rerouteDeadline, answer);
                    }
                });
    }

    /** Routes again a moment later, by whatever ring this node has then. */
    private void later(Command command, long rerouteDeadline, CompletableFuture<ByteBuf> answer) {
        stats.forwardReroutes.increment();
        CompletableFuture.runAsync(() -> {
            Topology now = topology.get();
            walk(command, now, Topology.owners(now, CommandKinds.keyOf(command)), 0, rerouteDeadline, answer);
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
