package io.ringcache.node.cluster;

import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a node does when {@link PauseGuard} finds it was not running for a while: nothing it holds is
 * trusted as complete any more ({@link Settlement#reset}), and it asks its peers which ring they
 * route by ({@code rc_epoch}). When one routes by a newer ring, it asks the membership for it and
 * waits (bounded) until it has adopted it, so that it never serves by a ring the cluster has left.
 */
final class RingCheck {

    /** How long the peers have to say their epoch. */
    private static final long ASK_SECONDS = 2;
    /** How long the node waits for the newer ring once it knows of one. */
    private static final long CATCH_UP_SECONDS = 3;
    private static final long POLL_MILLIS = 50;

    private final Supplier<Topology> topology;
    private final Settlement settlement;
    private final PeerPool peers;
    private final ByteBufAllocator alloc;
    /** Asks the membership for the coordinator's ring now (set once the membership runs). */
    private volatile Runnable askForRing = () -> { };

    RingCheck(Supplier<Topology> topology, Settlement settlement, PeerPool peers, ByteBufAllocator alloc) {
        this.topology = topology;
        this.settlement = settlement;
        this.peers = peers;
        this.alloc = alloc;
    }

    void askForRing(Runnable ask) {
        this.askForRing = ask;
    }

    /** Completes once the ring was checked with the peers (or the check gave up waiting). */
    CompletableFuture<Void> afterPause() {
        settlement.reset(true);
        return checkRing().whenComplete((v, e) -> settlement.resynced());
    }

    private CompletableFuture<Void> checkRing() {
        Topology t = topology.get();
        if (t == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Long>> epochs = new ArrayList<>();
        for (int i = 0; i < t.clientAddresses().length; i++) {
            PeerPool.Peer peer = i == t.selfIndex() ? null : peers.peer(t.nodeId(i));
            if (peer != null && peer.coordinate().isConnected()) {
                epochs.add(peer.sendNow(peer.coordinate(), PeerRequests.epoch(alloc), ResponseShape.META)
                        .handle((answer, failure) -> {
                            if (answer == null) {
                                return -1L;
                            }
                            long epoch = PeerStatus.of(answer) == PeerStatus.DONE ? PeerStatus.number(answer) : -1L;
                            answer.release();
                            return epoch;
                        }));
            }
        }
        return CompletableFuture.allOf(epochs.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, ASK_SECONDS, TimeUnit.SECONDS)
                .thenCompose(v -> {
                    long newest = epochs.stream().mapToLong(f -> f.getNow(-1L)).max().orElse(-1);
                    if (newest <= t.epoch()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    askForRing.run();
                    return catchUp(newest, System.nanoTime() + TimeUnit.SECONDS.toNanos(CATCH_UP_SECONDS));
                });
    }

    private CompletableFuture<Void> catchUp(long epoch, long deadline) {
        Topology t = topology.get();
        if ((t != null && t.epoch() >= epoch) || System.nanoTime() > deadline) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS))
                .thenCompose(v -> catchUp(epoch, deadline));
    }
}
