package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.server.DeferredStream;
import io.ringcache.node.store.ItemKey;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * A multi-get answered in the client's key order without ever holding the whole answer: its keys go
 * out in segments; each segment is fetched (from whichever owners hold its keys), written to the
 * client's place in the answer order, and the next one is fetched only once the connection can take
 * more ({@link DeferredStream#whenReady}). A segment holds as many keys as the values seen so far
 * suggest fit in half the connection's output budget, so a get of 2,000 values of 500 KB moves one
 * or two values at a time, and a get of 2,000 small ones a few hundred.
 *
 * <p>The fetcher answers a segment as the get of just those keys would be answered: its {@code VALUE}
 * blocks in key order and {@code END}, or one error line, which then ends the whole answer (at its
 * start it is the whole answer, as for a get the cluster cannot serve). Should a fetch fail, the
 * client gets {@code SERVER_ERROR} where the rest would have been, never silence.
 */
final class MultiGetStream {

    /** Answers one segment: value blocks in its key order then {@code END}, or an error line. */
    @FunctionalInterface
    interface SegmentFetcher {
        CompletableFuture<ByteBuf> fetch(Retrieve segment);
    }

    static final int FIRST_SEGMENT_KEYS = 8;
    static final int MAX_SEGMENT_KEYS = 256;
    private static final byte[] FAILED = Responses.line("SERVER_ERROR multi-get failed; the rest is not answered");

    private final Retrieve request;
    private final DeferredStream place;
    private final SegmentFetcher fetcher;
    /** The bytes one segment's answer should stay near ({@link DeferredStream#partBytes}). */
    private final long segmentBytes;
    private int from;
    private int segmentKeys = FIRST_SEGMENT_KEYS;

    private MultiGetStream(Retrieve request, DeferredStream place, SegmentFetcher fetcher) {
        this.request = request;
        this.place = place;
        this.fetcher = fetcher;
        this.segmentBytes = place.partBytes();
    }

    /**
     * Starts answering {@code request} into {@code place} once it is the answer being written (a
     * multi-get pipelined behind others fetches nothing before its turn); returns at once.
     */
    static void start(Retrieve request, DeferredStream place, SegmentFetcher fetcher) {
        place.whenReady(new MultiGetStream(request, place, fetcher)::next);
    }

    private void next() {
        ItemKey[] keys = request.keys();
        if (from == keys.length) {
            place.write(Unpooled.wrappedBuffer(Responses.END));
            place.end();
            return;
        }
        int n = Math.min(segmentKeys, keys.length - from);
        Retrieve segment = new Retrieve(request.withCas(), request.touch(), request.exptime(),
                Arrays.copyOfRange(keys, from, from + n));
        from += n;
        CompletableFuture<ByteBuf> answer;
        try {
            answer = fetcher.fetch(segment);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((blocks, failure) -> {
            if (failure != null) {
                place.write(Unpooled.wrappedBuffer(FAILED));
                place.end();
                return;
            }
            if (!endsWithEnd(blocks)) {
                place.write(blocks); // an error line: it ends the answer
                place.end();
                return;
            }
            blocks.writerIndex(blocks.writerIndex() - Responses.END.length);
            resize(blocks.readableBytes(), n);
            place.write(blocks);
            place.whenReady(this::next);
        });
    }

    private static boolean endsWithEnd(ByteBuf answer) {
        int n = Responses.END.length;
        if (answer.readableBytes() < n) {
            return false;
        }
        int at = answer.writerIndex() - n;
        for (int i = 0; i < n; i++) {
            if (answer.getByte(at + i) != Responses.END[i]) {
                return false;
            }
        }
        return true;
    }

    /** Sizes the next segment from what this one's values weighed. */
    private void resize(long bytes, int keys) {
        long perKey = Math.max(64, bytes / keys);
        segmentKeys = (int) Math.max(1, Math.min(MAX_SEGMENT_KEYS, segmentBytes / perKey));
    }
}
