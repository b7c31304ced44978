package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The one place where a stored value becomes bytes on the wire: the rest of one value still to be
 * sent, handed out in chunks of at most {@link #CHUNK_BYTES}.
 *
 * <p>Why chunks: the socket needs the bytes in native memory, so every value is copied once into a
 * direct buffer. Copied whole, a 1 MB value costs 1 MB of direct memory until the client has read all
 * of it, and a multi-get of many such values costs their sum (the failure this replaces). A chunk is
 * copied only when the connection can take it, so a connection never holds more than its write
 * watermark plus one chunk of direct memory, whatever the size of its answer. Until then this holds a
 * reference to the item's array, not a copy.
 *
 * <p>Another item representation (values off the heap, say) changes only this class: it would hand
 * out retained slices instead of copies.
 */
final class ValueChunks {

    static final int CHUNK_BYTES = 32 * 1024;

    private final byte[] array;
    private final int end;
    private int next;

    ValueChunks(byte[] array, int offset, int length) {
        this.array = array;
        this.next = offset;
        this.end = offset + length;
    }

    boolean hasMore() {
        return next < end;
    }

    /** Bytes not handed out yet. */
    int remaining() {
        return end - next;
    }

    /** The next chunk, copied into a buffer from {@code alloc}; the caller owns it. */
    ByteBuf next(ByteBufAllocator alloc) {
        int n = Math.min(CHUNK_BYTES, end - next);
        ByteBuf chunk = alloc.ioBuffer(n, n);
        chunk.writeBytes(array, next, n);
        next += n;
        return chunk;
    }
}
