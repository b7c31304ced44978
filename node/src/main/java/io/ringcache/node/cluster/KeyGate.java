package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds back a coordinator's requests for unsettled keys ({@link Settlement}) until the key's other
 * holders were asked for their copies ({@code rc_get}) and the newest is here, so that a read never
 * misses a key that is on its way, and an increment or an append never starts from an old value.
 * Requests on the same key keep their order: each runs after the ones before it on that key. While
 * the node is settled and nothing is held back, a request passes with two volatile reads.
 */
final class KeyGate {

    /** Keys pulled since the node was last settled, up to this many: no need to ask twice. */
    private static final int MAX_PULLED = 100_000;
    private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);
    private static final long PULL_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1000);
    /** The longest a pull waits in all, a first connection to a holder included. */
    private static final long PULL_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);

    private final Settlement settlement;
    private final ItemStore store;
    private final PeerPool peers;
    private final ClusterStats stats;
    private final ByteBufAllocator alloc;
    private final Map<ItemKey, CompletableFuture<Void>> held = new ConcurrentHashMap<>();
    private final Set<ItemKey> pulled = ConcurrentHashMap.newKeySet();

    KeyGate(Settlement settlement, ItemStore store, PeerPool peers, ClusterStats stats, ByteBufAllocator alloc) {
        this.settlement = settlement;
        this.store = store;
        this.peers = peers;
        this.stats = stats;
        this.alloc = alloc;
    }

    /** Whether requests on {@code keys} may run now, with nothing to wait for. */
    boolean isOpen(List<ItemKey> keys) {
        if (settlement.isSettled()) {
            if (!pulled.isEmpty()) {
                pulled.clear();
            }
            if (held.isEmpty()) {
                return true;
            }
        }
        for (ItemKey key : keys) {
            if (held.containsKey(key) || (settlement.mustPull(key) && !pulled.contains(key))) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code request} once every key in {@code keys} is settled here and the requests before it ran. */
    CompletableFuture<Void> after(List<ItemKey> keys, Topology t, Runnable request) {
        List<CompletableFuture<Void>> gates = new ArrayList<>(keys.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        for (ItemKey key : keys) {
            CompletableFuture<Void>[] before = new CompletableFuture[1];
            held.compute(key, (k, previous) -> {
                before[0] = previous != null ? previous : pullIfNeeded(k, t);
                return done;
            });
            gates.add(before[0]);
        }
        CompletableFuture.allOf(gates.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            try {
                request.run();
            } finally {
                done.complete(null);
                for (ItemKey key : keys) {
                    held.remove(key, done);
                }
            }
        });
        return done;
    }

    private CompletableFuture<Void> pullIfNeeded(ItemKey key, Topology t) {
        if (!settlement.mustPull(key) || pulled.contains(key)) {
            return OPEN;
        }
        List<String> holders = settlement.holders(key);
        List<CompletableFuture<Void>> asks = new ArrayList<>(holders.size());
        for (String id : holders) {
            PeerPool.Peer peer = peers.peer(id);
            if (peer != null) {
                stats.settlePulls.increment();
                // a holder met moments ago (this node has just joined) is waited for, as a transfer
                // waits; one that does not answer in time (paused, cut off) is passed over: the
                // request waits that long at most, not for the whole peer timeout
                asks.add(peer.send(peer.replica(), PeerRequests.get(key, RequestContext.now(t.epoch(), peers, store), alloc),
                        ResponseShape.META, PULL_TIMEOUT_NANOS)
                        .orTimeout(PULL_WAIT_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS)
                        .handle((answer, failure) -> {
                            if (answer != null) {
                                take(key, answer);
                            }
                            return null;
                        }));
            }
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (pulled.size() < MAX_PULLED) {
                pulled.add(key);
            }
        });
    }

    /** Keeps a holder's copy or tombstone if it is newer than this node's. */
    private void take(ItemKey key, ByteBuf answer) {
        try {
            PeerStatus status = PeerStatus.of(answer);
            if (status == PeerStatus.TOMBSTONE) {
                store.applyDelete(key, PeerStatus.number(answer));
            } else if (status == PeerStatus.COPY) {
                store.applyCopy(key, parseCopy(answer));
            }
        } finally {
            answer.release();
        }
    }

    /** {@code VA <bytes> <version> <cas> <flags> <expires-at> <marks>\r\n<data>\r\n} as an item. */
    static byte[] parseCopy(ByteBuf answer) {
        int start = answer.readerIndex();
        int eol = answer.indexOf(start, answer.writerIndex(), (byte) '\n');
        String[] header = answer.toString(start, eol - 1 - start, StandardCharsets.US_ASCII).split(" ");
        int length = Integer.parseInt(header[1]);
        byte[] item = Items.allocate(length);
        answer.getBytes(eol + 1, item, Items.valueOffset(), length);
        Items.fillCopy(item, Long.parseUnsignedLong(header[2]), Long.parseUnsignedLong(header[3]),
                (int) Long.parseLong(header[4]), Long.parseLong(header[5]), (int) Long.parseLong(header[6]));
        return item;
    }
}
