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
import java.util.Base64;

/**
 * Writes the requests one member sends another (the grammar is in the node's PeerCommandParser and
 * docs/cluster.md). Every request starts with {@code rc_ctx <epoch> <deadline-ms> <flush-floor>}
 * ({@link RequestContext}): the ring it was routed by, and when the sender stops waiting for it, so
 * that the receiver refuses a request routed by another ring, or one that reaches it too late (after
 * a pause) to be answered; and the sender's flush_all floor, so that a node that missed a flush
 * learns it from the next request of any peer.
 */
final class PeerRequests {

    private PeerRequests() {
    }

    /** A client's request, forwarded to the key's owner for it to coordinate. */
    static ByteBuf forward(Command command, RequestContext ctx, ByteBufAllocator alloc) {
        ByteBuf request = RequestEncoder.encode(command, alloc);
        ByteBuf out = alloc.buffer(40 + request.readableBytes());
        context(out, ctx);
        out.writeBytes(request);
        request.release();
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
        byte[] encodedKey = Base64.getEncoder().encode(key.bytes());
        int length = Items.valueLength(item);
        ByteBuf out = alloc.buffer(160 + encodedKey.length + length);
        context(out, ctx);
        ascii(out, "rc_put ");
        out.writeBytes(encodedKey);
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
        byte[] encodedKey = Base64.getEncoder().encode(key.bytes());
        ByteBuf out = alloc.buffer(80 + encodedKey.length);
        context(out, ctx);
        ascii(out, "rc_del ");
        out.writeBytes(encodedKey);
        number(out, version);
        if (transfer) {
            ascii(out, " t");
        }
        out.writeBytes(Responses.CRLF);
        return out;
    }

    /** {@code rc_get}: the peer's copy of a key, with its version. */
    static ByteBuf get(ItemKey key, RequestContext ctx, ByteBufAllocator alloc) {
        byte[] encodedKey = Base64.getEncoder().encode(key.bytes());
        ByteBuf out = alloc.buffer(64 + encodedKey.length);
        context(out, ctx);
        ascii(out, "rc_get ");
        out.writeBytes(encodedKey);
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

    private static void context(ByteBuf out, RequestContext ctx) {
        ascii(out, "rc_ctx");
        number(out, ctx.epoch());
        number(out, ctx.deadlineMillis());
        number(out, ctx.flushFloor());
        out.writeBytes(Responses.CRLF);
    }

    private static void ascii(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.US_ASCII);
    }

    private static void number(ByteBuf out, long value) {
        out.writeByte(' ');
        Responses.writeUnsigned(out, value);
    }
}
