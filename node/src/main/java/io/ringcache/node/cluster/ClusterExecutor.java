package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Delete;
import io.ringcache.node.protocol.Command.FlushAll;
import io.ringcache.node.protocol.Command.MetaArithmetic;
import io.ringcache.node.protocol.Command.MetaDelete;
import io.ringcache.node.protocol.Command.MetaGet;
import io.ringcache.node.protocol.Command.MetaSet;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.server.CommandExecutor;
import io.ringcache.node.server.ConnectionRole;
import io.ringcache.node.server.DeferredReply;
import io.ringcache.node.server.LocalExecutor;
import io.ringcache.node.server.ReplySink;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The executor of a cluster node. On a client's connection, a request for a key is carried out by
 * the key's first reachable owner: here when that is this node, else forwarded to it over a peer
 * connection and its answer relayed in order. The owner coordinates writes: it runs them locally,
 * ships the resulting item to the other owners ({@link ReplicaImages}), and answers once they have
 * acknowledged (sync) or at once (async). On a peer's connection, requests are coordinated
 * (rc_peer coordinate) or applied as replica images (rc_peer replica), never routed again.
 *
 * <p>Nothing here blocks: forwarded answers complete {@link DeferredReply} places from the peer
 * connections' threads.
 */
public final class ClusterExecutor implements CommandExecutor {

    private static final byte[] HD = Responses.line("HD");
    private static final byte[] UNREACHABLE = Responses.line("SERVER_ERROR no owner of the key is reachable");
    /** The answer of a member that has no ring yet; the prefix is what clients and peers match. */
    static final String JOINING_PREFIX = "SERVER_ERROR joining";
    private static final byte[] JOINING = Responses.line(JOINING_PREFIX + ": no ring yet, nothing applied");

    private final String selfId;
    private final LocalExecutor local;
    private final ItemStore store;
    private final PeerPool peers;
    private final ClusterStats stats;
    private final boolean sync;
    private final Replication replication;
    private final Tombstones tombstones = new Tombstones();
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private volatile Topology topology;
    /** Connections that asked rc_topology watch: each new topology is pushed to them. */
    private final TopologyWatchers watchers;

    ClusterExecutor(String selfId, LocalExecutor local, ItemStore store, PeerPool peers, ClusterStats stats, boolean sync,
            TopologyWatchers watchers) {
        this.selfId = selfId;
        this.local = local;
        this.store = store;
        this.peers = peers;
        this.stats = stats;
        this.sync = sync;
        this.watchers = watchers;
        this.replication = new Replication(store, local, peers, stats, tombstones, alloc);
    }

    void topology(Topology next) {
        this.topology = next;
        tombstones.ringChanged();
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

    @Override
    public void execute(Command command, ReplySink replies) {
        if (command instanceof Command.TopologyRequest request) {
            watchers.request(request.watch(), replies, topology);
            return;
        }
        if (topology == null && replies.role() != ConnectionRole.PEER_REPLICA && !command.noreply()
                && RequestEncoder.shapeOf(command) != null) {
            // joined but no ring adopted yet: it cannot tell owners or replicate, so it applies
            // nothing; clients and peers that see this try the key's next owner
            replies.buffer().writeBytes(JOINING);
            return;
        }
        switch (replies.role()) {
            case PEER_REPLICA -> replication.apply(command, replies, topology);
            case PEER_COORDINATE -> coordinate(command, replies);
            case CLIENT -> route(command, replies);
        }
    }

    private void route(Command command, ReplySink replies) {
        Topology t = topology;
        if (command instanceof FlushAll flush && t != null) {
            flushEverywhere(flush, replies, t);
            return;
        }
        if (t == null || t.ring().isEmpty() || RequestEncoder.shapeOf(command) == null) {
            local.execute(command, replies);
            return;
        }
        if (command instanceof Retrieve r && r.keys().length > 1) {
            multiGet(r, replies, t);
            return;
        }
        int[] owners = owners(t, keyOf(command));
        if (isPlainRead(command) && owners.length > 1) {
            if (owners[0] == t.selfIndex() && store.get(keyOf(command)) != null) {
                local.execute(command, replies); // the common case: a hit here, answered at once
            } else {
                readWithFallback(command, t, owners, 0, replies.defer());
            }
            return;
        }
        if (owners[0] == t.selfIndex()) {
            coordinate(command, replies);
            return;
        }
        forward(command, t, owners, 0, replies.defer());
    }

    /*
     * Until data moves to new owners on a ring change (rebalancing, issue 6), a key's new primary may
     * not hold it while its other owners do (every key keeps rf - 1 of its holders across a join or
     * leave, and a crash leaves the survivors' copies). So a read that misses at the key's first
     * owner asks the next owners before it answers a miss: a miss costs a hop per further owner.
     */

    private void readWithFallback(Command command, Topology t, int[] owners, int i, DeferredReply slot) {
        readFrom(command, t, owners, i).whenComplete((answer, failure) -> {
            if (answer != null && i + 1 < owners.length && isMiss(command, answer)) {
                stats.handoffReads.increment();
                answer.release();
                readWithFallback(command, t, owners, i + 1, slot);
            } else if (answer != null) {
                slot.complete(silence(command, answer));
            } else if (i + 1 < owners.length) {
                readWithFallback(command, t, owners, i + 1, slot);
            } else {
                stats.forwardErrors.increment();
                slot.complete(Unpooled.wrappedBuffer(UNREACHABLE));
            }
        });
    }

    private CompletableFuture<ByteBuf> readFrom(Command command, Topology t, int[] owners, int i) {
        if (owners[i] == t.selfIndex()) {
            return coordinateAsync(command, t);
        }
        PeerPool.Peer peer = peers.peer(t.nodeId(owners[i]));
        if (peer == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no connection to " + t.nodeId(owners[i])));
        }
        stats.forwarded.increment();
        return peer.send(peer.coordinate(), () -> RequestEncoder.encode(command, alloc), RequestEncoder.shapeOf(command));
    }

    private static boolean isPlainRead(Command c) {
        return (c instanceof Retrieve r && !r.touch()) || (c instanceof MetaGet g && !isWrite(g));
    }

    private static boolean isMiss(Command c, ByteBuf answer) {
        if (c instanceof MetaGet) {
            return Answers.startsWith(answer, "EN");
        }
        return answer.readableBytes() == Responses.END.length && Answers.startsWith(answer, "EN");
    }

    /** Sends {@code command} to owners[i], falling over to the next owner while one is unreachable. */
    private void forward(Command command, Topology t, int[] owners, int i, DeferredReply slot) {
        if (i >= owners.length) {
            stats.forwardErrors.increment();
            slot.complete(Unpooled.wrappedBuffer(UNREACHABLE));
            return;
        }
        if (owners[i] == t.selfIndex()) {
            coordinateAsync(command, t).whenComplete((answer, failure) -> slot.complete(silence(command, answer)));
            return;
        }
        PeerPool.Peer peer = peers.peer(t.nodeId(owners[i]));
        if (peer == null) {
            forward(command, t, owners, i + 1, slot);
            return;
        }
        stats.forwarded.increment();
        peer.send(peer.coordinate(), () -> RequestEncoder.encode(command, alloc), RequestEncoder.shapeOf(command))
                .whenComplete((answer, failure) -> {
                    if (failure != null) {
                        stats.forwardFailovers.increment();
                        forward(command, t, owners, i + 1, slot);
                    } else {
                        slot.complete(silence(command, answer));
                    }
                });
    }

    private void coordinate(Command command, ReplySink replies) {
        Topology t = topology;
        if (t != null && !t.ready() && !t.ring().isEmpty() && RequestEncoder.shapeOf(command) != null) {
            // this node is leaving (or not yet in the ring): what a peer sends here goes to the owners
            route(command, replies);
            return;
        }
        if (!isWrite(command) || t == null || !t.ready()) {
            local.execute(command, replies);
            return;
        }
        if (!sync) {
            tombstones.recordIfDelete(command);
            local.execute(command, replies);
            replication.replicate(command, t);
            return;
        }
        DeferredReply slot = replies.defer();
        coordinateAsync(command, t).whenComplete((answer, failure) -> slot.complete(answer));
    }

    /** Runs a request here as its coordinator; completes with the answer once the replicas acknowledged. */
    private CompletableFuture<ByteBuf> coordinateAsync(Command command, Topology t) {
        tombstones.recordIfDelete(command);
        CapturingSink capture = new CapturingSink(alloc);
        local.execute(command, capture);
        ByteBuf answer = capture.answer();
        if (!isWrite(command)) {
            return CompletableFuture.completedFuture(answer);
        }
        return replication.replicate(command, t).handle((ignored, failure) -> answer);
    }

    private void flushEverywhere(FlushAll flush, ReplySink replies, Topology t) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        String line = "flush_all " + flush.delay() + "\r\n";
        for (int i = 0; i < t.clientAddresses().length; i++) {
            PeerPool.Peer peer = i == t.selfIndex() ? null : peers.peer(t.nodeId(i));
            if (peer != null) {
                byte[] request = line.getBytes(StandardCharsets.US_ASCII);
                acks.add(peer.send(peer.replica(), () -> alloc.buffer(request.length).writeBytes(request), ResponseShape.LINE)
                        .handle((answer, failure) -> {
                    if (answer != null) {
                        answer.release();
                    }
                    return null;
                }));
            }
        }
        if (!sync || acks.isEmpty()) {
            local.execute(flush, replies);
            return;
        }
        CapturingSink capture = new CapturingSink(alloc);
        local.execute(flush, capture);
        DeferredReply slot = replies.defer();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> slot.complete(capture.answer()));
    }

    /** A multi-key get: one request per owner, in parallel, merged back in the client's key order. */
    private void multiGet(Retrieve r, ReplySink replies, Topology t) {
        Map<Integer, List<ItemKey>> byOwner = new LinkedHashMap<>();
        for (ItemKey key : r.keys()) {
            byOwner.computeIfAbsent(owners(t, key)[0], o -> new ArrayList<>()).add(key);
        }
        List<CompletableFuture<ByteBuf>> parts = new ArrayList<>();
        for (Map.Entry<Integer, List<ItemKey>> group : byOwner.entrySet()) {
            Retrieve part = new Retrieve(r.withCas(), r.touch(), r.exptime(), group.getValue().toArray(ItemKey[]::new));
            parts.add(fetch(part, t, owners(t, part.keys()[0]), 0));
        }
        mergeInOrder(r, parts, replies.defer(), t);
    }

    /**
     * Waits for every part of a multi-get, asks the later owners of the keys that missed (plain gets
     * only), and answers the values in the client's key order.
     */
    private void mergeInOrder(Retrieve r, List<CompletableFuture<ByteBuf>> parts, DeferredReply slot, Topology t) {
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            Map<String, ByteBuf> blocks = new HashMap<>();
            List<ByteBuf> answers = new ArrayList<>();
            for (CompletableFuture<ByteBuf> part : parts) {
                ByteBuf answer = part.join();
                answers.add(answer);
                ValueBlocks.collect(answer, blocks);
            }
            List<CompletableFuture<ByteBuf>> retries = new ArrayList<>();
            if (!r.touch()) {
                for (ItemKey key : r.keys()) {
                    int[] owners = owners(t, key);
                    if (!blocks.containsKey(key.toString()) && owners.length > 1) {
                        CompletableFuture<ByteBuf> retry = new CompletableFuture<>();
                        readWithFallback(new Retrieve(r.withCas(), false, 0, new ItemKey[] {key}), t, owners, 1, retry::complete);
                        retries.add(retry);
                    }
                }
            }
            CompletableFuture.allOf(retries.toArray(CompletableFuture[]::new)).whenComplete((v2, e2) -> {
                for (CompletableFuture<ByteBuf> retry : retries) {
                    ByteBuf answer = retry.join();
                    answers.add(answer);
                    ValueBlocks.collect(answer, blocks);
                }
                writeMerged(r, blocks, answers, slot);
            });
        });
    }

    private void writeMerged(Retrieve r, Map<String, ByteBuf> blocks, List<ByteBuf> answers, DeferredReply slot) {
        ByteBuf merged = alloc.buffer(256);
        for (ItemKey key : r.keys()) {
            ByteBuf block = blocks.remove(key.toString());
            if (block != null) {
                merged.writeBytes(block, block.readerIndex(), block.readableBytes());
            }
        }
        merged.writeBytes(Responses.END);
        answers.forEach(ByteBuf::release);
        slot.complete(merged);
    }

    /** One owner's part of a multi-get; an unreachable part counts as misses after trying the next owner. */
    private CompletableFuture<ByteBuf> fetch(Retrieve part, Topology t, int[] owners, int i) {
        if (i >= owners.length) {
            stats.forwardErrors.increment();
            return CompletableFuture.completedFuture(Unpooled.wrappedBuffer(Responses.END));
        }
        if (owners[i] == t.selfIndex()) {
            return coordinateAsync(part, t);
        }
        PeerPool.Peer peer = peers.peer(t.nodeId(owners[i]));
        if (peer == null) {
            return fetch(part, t, owners, i + 1);
        }
        stats.forwarded.increment();
        return peer.send(peer.coordinate(), () -> RequestEncoder.encode(part, alloc), ResponseShape.VALUES)
                .handle((answer, failure) -> answer != null ? CompletableFuture.completedFuture(answer) : fetch(part, t, owners, i + 1))
                .thenCompose(f -> f);
    }

    /** What the client gets: nothing for noreply, nothing for a quiet meta command's success. */
    private static ByteBuf silence(Command command, ByteBuf answer) {
        boolean quiet = command.noreply() || (metaFlagsOf(command) != null && metaFlagsOf(command).quiet()
                && (Answers.startsWith(answer, "HD") || (command instanceof MetaGet && Answers.startsWith(answer, "EN"))));
        if (quiet) {
            answer.release();
            return Unpooled.EMPTY_BUFFER;
        }
        return answer;
    }

    private static io.ringcache.node.protocol.MetaFlags metaFlagsOf(Command c) {
        if (c instanceof MetaGet m) {
            return m.flags();
        }
        if (c instanceof MetaSet m) {
            return m.flags();
        }
        if (c instanceof MetaDelete m) {
            return m.flags();
        }
        if (c instanceof MetaArithmetic m) {
            return m.flags();
        }
        return null;
    }

    static boolean isWrite(Command c) {
        return c instanceof Store || c instanceof Delete || c instanceof Arithmetic || c instanceof Touch
                || c instanceof MetaSet || c instanceof MetaDelete || c instanceof MetaArithmetic
                || (c instanceof Retrieve r && r.touch())
                || (c instanceof MetaGet g && (g.flags().has('T') || g.flags().has('N')));
    }

    static ItemKey keyOf(Command c) {
        return keysOf(c).get(0);
    }

    static List<ItemKey> keysOf(Command c) {
        if (c instanceof Store s) {
            return List.of(s.key());
        } else if (c instanceof Delete d) {
            return List.of(d.key());
        } else if (c instanceof Arithmetic a) {
            return List.of(a.key());
        } else if (c instanceof Touch t) {
            return List.of(t.key());
        } else if (c instanceof Retrieve r) {
            return Arrays.asList(r.keys());
        } else if (c instanceof MetaGet m) {
            return List.of(m.key());
        } else if (c instanceof MetaSet m) {
            return List.of(m.key());
        } else if (c instanceof MetaDelete m) {
            return List.of(m.key());
        } else if (c instanceof MetaArithmetic m) {
            return List.of(m.key());
        }
        throw new IllegalArgumentException("no key in " + c);
    }

    static int[] owners(Topology t, ItemKey key) {
        int[] out = new int[t.ring().replicationFactor()];
        int n = t.ring().preferenceList(key.bytes(), 0, key.length(), out);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
