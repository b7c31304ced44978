package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.protocol.Command.FlushAll;
import io.ringcache.node.server.DeferredReply;
import io.ringcache.node.server.LocalExecutor;
import io.ringcache.node.server.ReplySink;
import io.ringcache.node.store.ItemStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A client's flush_all reaches every member: an immediate one as this node's flush floor (every
 * copy with an older version is gone everywhere, including copies that arrive later), a delayed one
 * as the same command. Answered once every member acknowledged (sync replication) or at once.
 */
final class FlushBroadcast {

    private final LocalExecutor local;
    private final ItemStore store;
    private final PeerPool peers;
    private final boolean sync;
    private final ByteBufAllocator alloc;

    FlushBroadcast(LocalExecutor local, ItemStore store, PeerPool peers, boolean sync, ByteBufAllocator alloc) {
        this.local = local;
        this.store = store;
        this.peers = peers;
        this.sync = sync;
        this.alloc = alloc;
    }

    void run(FlushAll flush, ReplySink replies, Topology t) {
        CapturingSink capture = new CapturingSink(alloc);
        try {
            local.execute(flush, capture);
        } catch (io.ringcache.node.store.StampRefusedException refused) {
            // this node was stopped after the flush was admitted: it re-checks its ring first
            capture.answer().release();
            replies.buffer().writeBytes(Refusal.PAUSED.line());
            return;
        }
        long floor = store.flushFloor();
        RequestContext context = RequestContext.now(t.epoch(), peers, store);
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < t.clientAddresses().length; i++) {
            PeerPool.Peer peer = i == t.selfIndex() ? null : peers.peer(t.nodeId(i));
            if (peer == null) {
                continue;
            }
            ByteBuf request = flush.delay() == 0 ? PeerRequests.flush(floor, context, alloc) : delayed(flush, context);
            acks.add(peer.send(peer.replica(), request, ResponseShape.LINE).handle((answer, failure) -> {
                if (answer != null) {
                    answer.release();
                }
                return null;
            }));
        }
        if (!sync || acks.isEmpty()) {
            replies.buffer().writeBytes(capture.answer());
            capture.answer().release();
            return;
        }
        DeferredReply slot = replies.defer();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> slot.complete(capture.answer()));
    }

    private ByteBuf delayed(FlushAll flush, RequestContext context) {
        ByteBuf out = alloc.buffer(96);
        PeerRequests.context(out, context);
        out.writeCharSequence("flush_all " + flush.delay() + "\r\n", StandardCharsets.US_ASCII);
        return out;
    }
}
