package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a primary ships to a replica after a write: the key's resulting item, exactly, as a meta set
 * {@code ms <key> <len> b F<flags> T<expiry> E<cas>} (the key base64-encoded, so that any key
 * travels; the expiry an absolute unix time, or 0; the primary's CAS unique), or a meta delete
 * {@code md <key> b} when the write left no item.
 */
final class ReplicaImages {

    private ReplicaImages() {
    }

    static ByteBuf image(ItemStore store, ItemKey key, ByteBufAllocator alloc) {
        return image(key, store.get(key), false, alloc);
    }

    /** The image of {@code item} (never null), kept by the receiver unless it holds a newer CAS unique. */
    static ByteBuf image(ItemKey key, byte[] item, ByteBufAllocator alloc) {
        return image(key, item, false, alloc);
    }

    /**
     * A rebalancing transfer of {@code item} (never null): as a replica image, but with mode add
     * ({@code ME}), so that it never replaces what the receiver holds. A key's new owner may already
     * have a newer write for it, coordinated there after the ring changed, with a CAS unique that is
     * not comparable to the sender's.
     */
    static ByteBuf handoff(ItemKey key, byte[] item, ByteBufAllocator alloc) {
        return image(key, item, true, alloc);
    }

    private static ByteBuf image(ItemKey key, byte[] item, boolean onlyIfAbsent, ByteBufAllocator alloc) {
        byte[] encodedKey = Base64.getEncoder().encode(key.bytes());
        if (item == null) {
            ByteBuf out = alloc.buffer(8 + encodedKey.length);
            out.writeCharSequence("md ", StandardCharsets.US_ASCII);
            out.writeBytes(encodedKey);
            out.writeCharSequence(" b\r\n", StandardCharsets.US_ASCII);
            return out;
        }
        int length = Items.valueLength(item);
        ByteBuf out = alloc.buffer(64 + encodedKey.length + length);
        out.writeCharSequence("ms ", StandardCharsets.US_ASCII);
        out.writeBytes(encodedKey);
        out.writeByte(' ');
        Responses.writeUnsigned(out, length);
        out.writeCharSequence(" b F", StandardCharsets.US_ASCII);
        Responses.writeUnsigned(out, Integer.toUnsignedLong(Items.flags(item)));
        out.writeCharSequence(" T", StandardCharsets.US_ASCII);
        Responses.writeUnsigned(out, Items.expiresAt(item));
        out.writeCharSequence(" E", StandardCharsets.US_ASCII);
        Responses.writeUnsigned(out, Items.cas(item));
        if (onlyIfAbsent) {
            out.writeCharSequence(" ME", StandardCharsets.US_ASCII);
        }
        out.writeBytes(Responses.CRLF);
        out.writeBytes(item, Items.valueOffset(), length);
        out.writeBytes(Responses.CRLF);
        return out;
    }
}
