package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Delete;
import io.ringcache.node.protocol.Command.FlushAll;
import io.ringcache.node.protocol.Command.InContext;
import io.ringcache.node.protocol.Command.PeerDelete;
import io.ringcache.node.protocol.Command.PeerEpoch;
import io.ringcache.node.protocol.Command.PeerFlush;
import io.ringcache.node.protocol.Command.PeerGet;
import io.ringcache.node.protocol.Command.PeerPut;
import io.ringcache.node.protocol.Command.PeerWalked;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.TooLarge;
import io.ringcache.node.protocol.ErrorReply;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.server.CommandExecutor;
import io.ringcache.node.server.ConnectionRole;
import io.ringcache.node.server.DeferredReply;
import io.ringcache.node.server.LocalExecutor;
import io.ringcache.node.server.ReplySink;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.StampRefusedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The executor of a cluster node. On a client's connection, a request for a key is carried out by
 * the key's owners ({@link Forwarding} walks them in order): here when this node is the owner in
 * turn, else forwarded over a peer connection and the owner's answer relayed in order. The owner
 * coordinates writes: it runs them locally, which gives the key's item a new version, ships the
 * key's state to the other owners ({@link Replication}), and answers once they took it or the
 * replica deadline passed (sync), or at once (async). On a peer's connection, requests are fenced by
 * their ring epoch and deadline ({@link PeerFence}), then coordinated (rc_peer coordinate) or applied
 * as another owner's copies (peer commands), never routed again by ring.
 *
 * <p>Nothing here blocks: forwarded answers complete {@link DeferredReply} places from the peer
 * connections' threads.
 */
public final class ClusterExecutor implements CommandExecutor {

    private static final byte[] HD = Responses.line("HD");

    private final ItemStore store;
    private final LocalExecutor local;
    private final PeerPool peers;
    private final ClusterStats stats;
    private final boolean sync;
    private final Replication replication;
    private final Hints hints;
    private final Forwarding forwarding;
    private final MultiGet multiGet;
    private final Settlement settlement;
    private final KeyGate gate;
    private final PauseGuard pauses;
    private final RingCheck ringCheck;
    private final PeerFence fence;
    private final FlushBroadcast flushes;
    /** How long before its sender's deadline a forwarded write is refused ({@link WriteDeadline}). */
    private final long writeMarginMillis;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private volatile Topology topology;
    /** Connections that asked rc_topology watch: each new topology is pushed to them. */
    private final TopologyWatchers watchers;

    ClusterExecutor(LocalExecutor local, ItemStore store, PeerPool peers, ClusterStats stats, ClusterSettings settings,
            TopologyWatchers watchers) {
        this.settlement = new Settlement(settings.nodeId());
        this.gate = new KeyGate(settlement, store, peers, stats, alloc);
        this.watchers = watchers;
        this.local = local;
        this.store = store;
        this.peers = peers;
        this.stats = stats;
        this.sync = settings.syncReplication();
        this.hints = new Hints(store, peers, alloc, this::topology, settings.maxHintsPerOwner());
        this.replication = new Replication(store, peers, stats, hints, alloc, settings.replicaDeadline(), this::topology);
        this.forwarding = new Forwarding(peers, store, stats, alloc, this::topology, this::coordinateAsync,
                settings.replicaDeadline().multipliedBy(2).toNanos(), WriteDeadline.sendWindowMillis(settings.pauseThreshold()));
        this.multiGet = new MultiGet(forwarding, this::coordinateForClient, alloc);
        this.ringCheck = new RingCheck(this::topology, settlement, peers, alloc);
        this.pauses = new PauseGuard(settings.pauseThreshold(), ringCheck::afterPause);
        this.writeMarginMillis = WriteDeadline.marginMillis(settings.pauseThreshold());
        store.versions().guard(pauses::isClear);
        this.fence = new PeerFence(store, stats, this::topology);
        this.flushes = new FlushBroadcast(local, store, peers, sync, alloc);
    }

    void topology(Topology next) {
        Topology previous = topology;
        if (previous != null && previous.quorum() != next.quorum()) {
            // cut off from most of the ring, or back: the ring may have moved on meanwhile
            settlement.reset(false);
        }
        settlement.ringChanged(next);
        this.topology = next;
        store.versions().tag(Math.max(next.selfIndex(), 0));
        hints.retain(next);
        watchers.publish(next);
    }

    /**
     * Routes by {@code withoutSelf}, the ring after this node leaves, from now on: every request that
     * still arrives here goes to the key's new owners. Watching clients are not told; they learn the
     * published ring from the members that stay.
     */
    void leaving(Topology withoutSelf) {
        this.topology = withoutSelf;
    }

    Topology topology() {
        return topology;
    }

    Hints hints() {
        return hints;
    }

    Settlement settlement() {
        return settlement;
    }

    PauseGuard pauses() {
        return pauses;
    }

    void askForRing(Runnable ask) {
        ringCheck.askForRing(ask);
    }

    @Override
    public void execute(Command command, ReplySink replies) {
        if (command instanceof Command.TopologyRequest request) {
            watchers.request(request.watch(), replies, topology);
            return;
        }
        ConnectionRole role = replies.role();
        long deadlineMillis = HeldRequest.NO_DEADLINE;
        if (command instanceof InContext context) {
            if (role == ConnectionRole.CLIENT) {
                replies.buffer().writeBytes(ErrorReply.ERROR.line()); // peers only
                return;
            }
            Refusal refusal = fence.check(context);
            if (refusal != null) {
                replies.buffer().writeBytes(refusal.line());
                return;
            }
            command = context.request();
            deadlineMillis = context.deadlineMillis();
        }
        if (isPeerCommand(command)) {
            if (role == ConnectionRole.CLIENT) {
                replies.buffer().writeBytes(ErrorReply.ERROR.line()); // memcached's answer to a command it does not know
            } else {
                peerCommand(command, replies);
            }
            return;
        }
        switch (role) {
            case PEER_REPLICA -> replicaFlush(command, replies);
            case PEER_COORDINATE -> coordinate(command, replies, deadlineMillis);
            case CLIENT -> route(command, replies);
        }
    }

    /** A delayed flush_all another member passed on: refused while this node may not stamp the floor. */
    private void replicaFlush(Command command, ReplySink replies) {
        try {
            local.execute(command, replies);
        } catch (StampRefusedException refused) {
            replies.buffer().writeBytes(Refusal.PAUSED.line());
        }
    }

    private static boolean isPeerCommand(Command c) {
        return c instanceof PeerPut || c instanceof PeerDelete || c instanceof PeerGet || c instanceof PeerFlush
                || c instanceof PeerWalked || c instanceof PeerEpoch;
    }

    private void peerCommand(Command command, ReplySink replies) {
        if (command instanceof PeerFlush flush) {
            store.flushBelow(flush.floor());
            replies.buffer().writeBytes(HD);
        } else if (command instanceof PeerEpoch) {
            Topology t = topology;
            replies.buffer().writeCharSequence("HD " + (t == null ? 0 : t.epoch()) + "\r\n", StandardCharsets.US_ASCII);
        } else if (command instanceof PeerWalked report) {
            settlement.walked(report.nodeId(), report.epoch());
            replies.buffer().writeBytes(HD);
        } else {
            replication.apply(command, replies, topology);
        }
    }

    /** A client's request: answered here, or by the key's owners. */
    private void route(Command command, ReplySink replies) {
        Topology t = topology;
        if (command instanceof FlushAll flush && t != null) {
            flushes.run(flush, replies, t);
            return;
        }
        if (!isKeyed(command)) {
            local.execute(command, replies);
            return;
        }
        Refusal refusal = refusalFor(t);
        if (refusal != null) {
            if (!command.noreply()) {
                replies.buffer().writeBytes(refusal.line());
            }
            return;
        }
        if (command instanceof Retrieve r && r.keys().length > 1) {
            // streamed in segments, each fetched once the client took the last: never held whole
            MultiGetStream.start(r, replies.deferStream(), this::routeSegment);
            return;
        }
        if (pauses.holding()) {
            // this node was not running for a while: it checks its ring before it serves
            routeAfterRingCheck(command, replies.defer());
            return;
        }
        if (command instanceof TooLarge) {
            DeferredReply slot = replies.defer();
            routeAsync(command).whenComplete((answer, failure) -> slot.complete(Forwarding.silence(command,
                    answer != null ? answer : Unpooled.wrappedBuffer(Refusal.UNREACHABLE.line()))));
            return;
        }
        long position = Topology.position(t, CommandKinds.keyOf(command));
        if (t.ready() && Topology.primaryAt(t, position) == t.selfIndex()) {
            coordinate(command, replies, HeldRequest.NO_DEADLINE); // the common case: this node owns the key, answered at once
            return;
        }
        forwarding.send(command, t, Topology.ownersAt(t, position), replies.defer());
    }

    /**
     * One segment of a streamed multi-get, routed by the ring this node has when it is asked for
     * (after a pause, once the ring was checked); completes with the get's answer of its keys.
     */
    private CompletableFuture<ByteBuf> routeSegment(Retrieve segment) {
        return pauses.holding() ? pauses.resumed().thenCompose(ignored -> routeAsync(segment)) : routeAsync(segment);
    }

    /** A keyed client request, routed by the ring this node has now; completes with the owners' answer. */
    private CompletableFuture<ByteBuf> routeAsync(Command command) {
        Topology t = topology;
        Refusal refusal = refusalFor(t);
        if (refusal != null) {
            return CompletableFuture.completedFuture(Unpooled.wrappedBuffer(refusal.line()));
        }
        if (command instanceof TooLarge tooLarge) {
            return dropTooLarge(tooLarge, t);
        }
        if (command instanceof Retrieve r && r.keys().length > 1) {
            return multiGet.run(r, t);
        }
        int[] owners = Topology.owners(t, CommandKinds.keyOf(command));
        if (owners[0] == t.selfIndex()) {
            return coordinateForClient(command, t);
        }
        return forwarding.send(command, t, owners);
    }

    /**
     * Why this node serves no keys now, or null: it has no ring yet (it has just joined: clients and
     * peers try the key's next owner), or it sees too few members of its ring (it may be on the
     * small side of a partition, where the ring moves on without it).
     */
    private static Refusal refusalFor(Topology t) {
        if (t == null) {
            return Refusal.JOINING;
        }
        return t.quorum() ? null : Refusal.NO_QUORUM;
    }

    /**
     * A request this node carries out as the key's coordinator; {@code deadlineMillis} is when the
     * peer that forwarded it stops waiting ({@link HeldRequest#NO_DEADLINE} for a client's own).
     */
    private void coordinate(Command command, ReplySink replies, long deadlineMillis) {
        Topology t = topology;
        if (!isKeyed(command)) {
            local.execute(command, replies);
            return;
        }
        if (t != null && !t.ready()) {
            // leaving (or not yet in the ring): refused, nothing applied, so the sender takes it to the
            // next owner itself. Passed on from here, it could still run after the sender gave up on it.
            if (!command.noreply()) {
                replies.buffer().writeBytes((t.leaving() ? Refusal.LEAVING : Refusal.NOT_OWNER).line());
            }
            return;
        }
        Refusal refusal = refusalFor(t);
        if (refusal == null && replies.role() != ConnectionRole.CLIENT && pauses.holding()) {
            refusal = Refusal.PAUSED; // a peer's request: it goes to the next owner rather than wait here
        }
        boolean write = CommandKinds.isWrite(command);
        long runBy = write ? WriteDeadline.lastStampMillis(deadlineMillis, writeMarginMillis) : deadlineMillis;
        if (refusal == null && runBy != HeldRequest.NO_DEADLINE && System.currentTimeMillis() > runBy) {
            stats.expiredRefused.increment();
            refusal = Refusal.EXPIRED; // its sender may pass it to the next owner before it would be stamped here
        }
        if (refusal != null) {
            if (!command.noreply()) {
                replies.buffer().writeBytes(refusal.line());
            }
            return;
        }
        boolean open = CommandKinds.isSingleKey(command) ? gate.isOpen(CommandKinds.keyOf(command), t)
                : gate.isOpen(CommandKinds.keysOf(command), t);
        if (!open) {
            // a key not settled here yet: answered once its other holders were asked
            DeferredReply slot = replies.defer();
            if (replies.role() == ConnectionRole.CLIENT) {
                coordinateForClient(command, t).whenComplete((answer, failure) -> slot.complete(Forwarding.silence(command,
                        answer != null ? answer : Unpooled.wrappedBuffer(Refusal.UNREACHABLE.line()))));
            } else {
                coordinateAsync(command, t, runBy).whenComplete((answer, failure) -> slot.complete(answer));
            }
            return;
        }
        if (!write) {
            local.execute(command, replies);
            return;
        }
        if (!sync) {
            try {
                local.execute(command, replies); // refused before the answer is written, if at all
            } catch (StampRefusedException refused) {
                stats.heldLapsed.increment();
                refusedStamp(command, replies);
                return;
            }
            replication.replicate(CommandKinds.keysOf(command), t);
            return;
        }
        ByteBuf answer = runLocally(command, t);
        if (answer == null) {
            refusedStamp(command, replies);
            return;
        }
        DeferredReply slot = replies.defer();
        replication.replicate(CommandKinds.keysOf(command), t).whenComplete((v, failure) -> slot.complete(answer));
    }

    /**
     * A write this node was stopped in the middle of (admitted before a pause, its version refused
     * after): nothing was applied. A peer's request is refused, so its sender goes to the next owner;
     * a client's is routed again once the ring was checked.
     */
    private void refusedStamp(Command command, ReplySink replies) {
        if (replies.role() != ConnectionRole.CLIENT) {
            if (!command.noreply()) {
                replies.buffer().writeBytes(Refusal.PAUSED.line());
            }
            return;
        }
        routeAfterRingCheck(command, replies.defer());
    }

    /** A client's request, routed once this node has checked its ring; the answer as the client gets it. */
    private void routeAfterRingCheck(Command command, DeferredReply slot) {
        afterRingCheck().thenCompose(ignored -> routeAsync(command)).whenComplete((answer, failure) ->
                slot.complete(Forwarding.silence(command, answer != null ? answer : Unpooled.wrappedBuffer(Refusal.PAUSED.line()))));
    }

    /**
     * Completes once this node has checked its ring after its last pause. A refused stamp may be the
     * first sign of a pause (the watch thread had not run since): asking {@link PauseGuard#holding}
     * starts the check then, so that routing again does not meet the same refusal at once.
     */
    private CompletableFuture<Void> afterRingCheck() {
        pauses.holding();
        return pauses.resumed();
    }

    /**
     * Runs a request here as its coordinator, after its keys are settled here ({@link KeyGate});
     * completes with the answer once the other owners took the write. For a walk along the key's
     * owners ({@link Forwarding}, {@link MultiGet}), which routes again itself when the ring changed.
     */
    private CompletableFuture<ByteBuf> coordinateAsync(Command command, Topology t) {
        return coordinateAsync(command, t, HeldRequest.NO_DEADLINE);
    }

    /**
     * As {@link #coordinateAsync(Command, Topology)}; a request that had to wait runs only if nothing
     * it was admitted under lapsed meanwhile ({@link HeldRequest}), else it is refused, nothing applied.
     */
    private CompletableFuture<ByteBuf> coordinateAsync(Command command, Topology t, long deadlineMillis) {
        List<io.ringcache.node.store.ItemKey> keys = CommandKinds.keysOf(command);
        if (gate.isOpen(keys, t)) {
            return runHere(command, t);
        }
        HeldRequest held = new HeldRequest(t.epoch(), pauses.noticed(), deadlineMillis);
        CompletableFuture<ByteBuf> answer = new CompletableFuture<>();
        gate.after(keys, t, () -> {
            Topology now = topology;
            Refusal lapsed = held.lapsed(now == null ? -1 : now.epoch(), pauses.noticed(), pauses.holding(),
                    System.currentTimeMillis());
            if (lapsed != null) {
                stats.heldLapsed.increment();
                answer.complete(Unpooled.wrappedBuffer(lapsed.line()));
                return;
            }
            runHere(command, t).whenComplete((bytes, failure) -> {
                if (bytes != null) {
                    answer.complete(bytes);
                } else {
                    answer.completeExceptionally(failure);
                }
            });
        }, () -> answer.complete(Unpooled.wrappedBuffer(Refusal.UNSETTLED.line())));
        return answer;
    }

    /**
     * A client's request coordinated here. If this node was paused, or the ring changed, while the
     * request waited for its keys' holders, nothing was applied: it is routed again, by the ring
     * this node has once it checked it, instead of the client getting the refusal.
     */
    private CompletableFuture<ByteBuf> coordinateForClient(Command command, Topology t) {
        return coordinateAsync(command, t, HeldRequest.NO_DEADLINE).thenCompose(answer -> {
            PeerStatus status = PeerStatus.of(answer);
            if (status != PeerStatus.PAUSED && status != PeerStatus.STALE_RING) {
                return CompletableFuture.completedFuture(answer);
            }
            answer.release();
            return afterRingCheck().thenCompose(ignored -> routeAsync(command));
        });
    }

    private CompletableFuture<ByteBuf> runHere(Command command, Topology t) {
        ByteBuf answer = runLocally(command, t);
        if (answer == null) {
            return CompletableFuture.completedFuture(Unpooled.wrappedBuffer(Refusal.PAUSED.line()));
        }
        if (!CommandKinds.isWrite(command)) {
            return CompletableFuture.completedFuture(answer);
        }
        return replication.replicate(CommandKinds.keysOf(command), t).handle((ignored, failure) -> answer);
    }

    /**
     * Carries the request out on this node's store; its answer, kept until the other owners took a
     * write. Null when this node may not stamp a version now (it was paused after the request was
     * admitted, {@link io.ringcache.node.store.HybridClock#guard}): nothing was applied.
     */
    private ByteBuf runLocally(Command command, Topology t) {
        CapturingSink capture = new CapturingSink(alloc);
        try {
            local.execute(command, capture);
        } catch (StampRefusedException refused) {
            capture.answer().release();
            stats.heldLapsed.increment();
            return null;
        }
        if (KeyTrace.enabled() && CommandKinds.isWrite(command)) {
            for (io.ringcache.node.store.ItemKey key : CommandKinds.keysOf(command)) {
                if (KeyTrace.on(key)) {
                    KeyTrace.event("coordinated " + command.getClass().getSimpleName() + " epoch " + t.epoch(), key,
                            store.peek(key));
                }
            }
        }
        return capture.answer();
    }

    /**
     * A store command whose value is over the item size limit: memcached drops the key's old value,
     * so that no stale value is served, and says the object is too large. Here the key's owners drop
     * it (a delete), then the client gets memcached's answer.
     */
    private CompletableFuture<ByteBuf> dropTooLarge(TooLarge command, Topology t) {
        Delete delete = new Delete(command.key(), false);
        CompletableFuture<ByteBuf> dropped = Topology.owners(t, command.key())[0] == t.selfIndex()
                ? coordinateAsync(delete, t) : forwarding.send(delete, t);
        return dropped.handle((answer, failure) -> {
            if (answer != null) {
                answer.release();
            }
            return Unpooled.wrappedBuffer(ErrorReply.TOO_LARGE.line());
        });
    }

    /** Whether the command names a key, so that its owners carry it out. */
    private static boolean isKeyed(Command c) {
        return RequestEncoder.shapeOf(c) != null || c instanceof TooLarge;
    }
}
