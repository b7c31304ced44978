package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.Tombstones;
import java.nio.charset.StandardCharsets;

/**
 * Writes the requests one member sends another (the grammar is in the node's PeerCommandParser and
 * docs/cluster.md). Every request starts with {@code rc_ctx <epoch> <deadline-ms> <flush-floor>}
 * ({@link RequestContext}): the ring it was routed by, and when the sender stops waiting for it, so
 * that the receiver refuses a request routed by another ring, or one that reaches it too late (after
 * a pause) to be answered; and the sender's flush_all floor, so that a node that missed a flush
 * learns it from the next request of any peer.
 */
final class PeerRequests {

    /** Room for an rc_ctx line: three numbers of at most 20 digits. */
    private static final int CONTEXT_BYTES = 72;
    private static final byte[] RC_PUT = "rc_put ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RC_DEL = "rc_del ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RC_GET = "rc_get ".getBytes(StandardCharsets.US_ASCII);

    private PeerRequests() {
    }

    /**
     * The last {@code rc_ctx} line sent, whole: the epoch and the flush floor change only with the
     * ring and a flush, and the deadline (unix ms) once a millisecond, while a busy node sends many
     * requests a millisecond; so the line is encoded once and copied into each request while its
     * numbers stay the same. Immutable: a thread that finds other numbers encodes its own line (tests
     * run several nodes in one JVM), so every request still carries exactly its own numbers.
     */
    private static volatile ContextLine lastContext = new ContextLine(-1, -1, -1);

    /** {@code rc_ctx <epoch> <deadline-ms> <flush-floor>\r\n}, encoded. */
    private record ContextLine(long epoch, long deadlineMillis, long flushFloor, byte[] bytes) {
        ContextLine(long epoch, long deadlineMillis, long flushFloor) {
            this(epoch, deadlineMillis, flushFloor, ("rc_ctx " + epoch + " " + deadlineMillis + " "
                    + Long.toUnsignedString(flushFloor) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A client's request, forwarded to the key's owner for it to coordinate: one buffer, the context line then the request. */
    static ByteBuf forward(Command command, RequestContext ctx, ByteBufAllocator alloc) {
        return forward(command, ctx.epoch(), ctx.deadlineMillis(), ctx.flushFloor(), alloc);
    }

    /** As {@link #forward(Command, RequestContext, ByteBufAllocator)}, the context given by its numbers. */
    static ByteBuf forward(Command command, long epoch, long deadlineMillis, long flushFloor, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(CONTEXT_BYTES + RequestEncoder.sizeHint(command));
        context(out, epoch, deadlineMillis, flushFloor);
        RequestEncoder.encode(command, out);
        return out;
    }

    /**
     * The key's state here as another owner must take it: its item (expired or not), else its
     * tombstone, else null when this node holds nothing for the key.
     */
    static ByteBuf image(ItemStore store, ItemKey key, boolean transfer, RequestContext ctx, ByteBufAllocator alloc) {
        byte[] item = store.peek(key);
        if (item != null) {
            return put(key, item, transfer, ctx, alloc);
        }
        Tombstones tombstones = store.tombstones();
        long deleted = tombstones == null ? 0 : tombstones.version(key);
        return deleted == 0 ? null : delete(key, deleted, transfer, ctx, alloc);
    }

    /** {@code rc_put}: {@code item} exactly as it is here. */
    static ByteBuf put(ItemKey key, byte[] item, boolean transfer, RequestContext ctx, ByteBufAllocator alloc) {
        int length = Items.valueLength(item);
        ByteBuf out = alloc.buffer(CONTEXT_BYTES + 128 + Base64Key.encodedLength(key.length()) + length);
        context(out, ctx);
        out.writeBytes(RC_PUT);
        Base64Key.encode(key, out);
        number(out, Items.version(item));
        number(out, Items.cas(item));
        number(out, Integer.toUnsignedLong(Items.flags(item)));
        number(out, Items.expiresAt(item));
        number(out, Items.marks(item) & 0xFFFF_FFFFL);
        number(out, length);
        if (transfer) {
            ascii(out, " t");
        }
        out.writeBytes(Responses.CRLF);
        out.writeBytes(item, Items.valueOffset(item), length);
        out.writeBytes(Responses.CRLF);
        return out;
    }

    /** {@code rc_del}: a delete at {@code version}. */
    static ByteBuf delete(ItemKey key, long version, boolean transfer, RequestContext ctx, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(CONTEXT_BYTES + 32 + Base64Key.encodedLength(key.length()));
        context(out, ctx);
        out.writeBytes(RC_DEL);
        Base64Key.encode(key, out);
        number(out, version);
        if (transfer) {
            ascii(out, " t");
        }
        out.writeBytes(Responses.CRLF);
        return out;
    }

    /** {@code rc_get}: the peer's copy of a key, with its version. */
    static ByteBuf get(ItemKey key, RequestContext ctx, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(CONTEXT_BYTES + 16 + Base64Key.encodedLength(key.length()));
        context(out, ctx);
        out.writeBytes(RC_GET);
        Base64Key.encode(key, out);
        out.writeBytes(Responses.CRLF);
        return out;
    }

    /** {@code rc_flush}: everything below {@code floor} is gone. */
    static ByteBuf flush(long floor, RequestContext ctx, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(80);
        context(out, ctx);
        ascii(out, "rc_flush");
        number(out, floor);
        out.writeBytes(Responses.CRLF);
        return out;
    }

    /** {@code rc_walked}: this node has handed on what it gave up for the ring at {@code walkedEpoch}. */
    static ByteBuf walked(String selfId, long walkedEpoch, RequestContext ctx, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(96);
        context(out, ctx);
        ascii(out, "rc_walked " + selfId);
        number(out, walkedEpoch);
        out.writeBytes(Responses.CRLF);
        return out;
    }

    /** {@code rc_epoch}: which ring the peer routes by. */
    static ByteBuf epoch(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(16);
        ascii(out, "rc_epoch\r\n");
        return out;
    }

    /**
     * The answer to {@code rc_get} for {@code item} (never null): {@code VA <bytes> <version> <cas>
     * <flags> <expires-at> <marks>} and the value.
     */
    static void writeCopy(ByteBuf out, byte[] item) {
        int length = Items.valueLength(item);
        ascii(out, "VA");
        number(out, length);
        number(out, Items.version(item));
        number(out, Items.cas(item));
        number(out, Integer.toUnsignedLong(Items.flags(item)));
        number(out, Items.expiresAt(item));
        number(out, Items.marks(item) & 0xFFFF_FFFFL);
        out.writeBytes(Responses.CRLF);
        out.writeBytes(item, Items.valueOffset(item), length);
        out.writeBytes(Responses.CRLF);
    }

    /** {@code rc_ctx <epoch> <deadline-ms> <flush-floor>\r\n} (the cached line when its numbers are the same). */
    static void context(ByteBuf out, RequestContext ctx) {
        context(out, ctx.epoch(), ctx.deadlineMillis(), ctx.flushFloor());
    }

    private static void context(ByteBuf out, long epoch, long deadlineMillis, long flushFloor) {
        ContextLine line = lastContext;
        if (line.deadlineMillis != deadlineMillis || line.epoch != epoch || line.flushFloor != flushFloor) {
            line = new ContextLine(epoch, deadlineMillis, flushFloor);
            lastContext = line;
        }
        out.writeBytes(line.bytes);
    }

    private static void ascii(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.US_ASCII);
    }

    private static void number(ByteBuf out, long value) {
        out.writeByte(' ');
        Responses.writeUnsigned(out, value);
    }
}
