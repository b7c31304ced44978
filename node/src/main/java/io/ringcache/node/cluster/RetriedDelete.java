package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Delete;
import io.ringcache.node.protocol.Command.MetaDelete;
import io.ringcache.node.store.HybridClock;
import java.nio.charset.StandardCharsets;

/**
 * The answer to a delete that went to the key's next owner after the first one may already have
 * carried it out (it froze or died after the request was written). The first owner deleted the key
 * and replicated the tombstone, so the next owner finds nothing and would say {@code NOT_FOUND}: the
 * client would learn that the value it wanted gone was never there. When the key's tombstone is
 * younger than the delete itself and that delete removed a value there, the delete did happen, and
 * the client is told so.
 *
 * <p>Versions carry wall-clock milliseconds; members' clocks are kept within the peer timeout
 * (NTP), and a skew only makes this fall back to the plain {@code NOT_FOUND}.
 */
final class RetriedDelete {

    private static final byte[] NOT_FOUND = "NOT_FOUND\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELETED = "DELETED\r\n".getBytes(StandardCharsets.US_ASCII);

    private RetriedDelete() {
    }

    static boolean isDelete(Command command) {
        return command instanceof Delete || command instanceof MetaDelete;
    }

    /** Whether {@code answer} says the key was not there ({@code NOT_FOUND}, or meta's {@code NF ...}). */
    static boolean saysNotFound(ByteBuf answer) {
        int at = answer.readerIndex();
        int n = answer.readableBytes();
        if (n == NOT_FOUND.length && is(answer, NOT_FOUND)) {
            return true;
        }
        return n >= 4 && answer.getByte(at) == 'N' && answer.getByte(at + 1) == 'F'
                && (answer.getByte(at + 2) == ' ' || answer.getByte(at + 2) == '\r');
    }

    /** Whether a tombstone of {@code version} records a delete made at or after {@code startMillis}. */
    static boolean deletedSince(long tombstoneVersion, long startMillis) {
        return tombstoneVersion != 0 && Long.compareUnsigned(tombstoneVersion, HybridClock.floorAt(startMillis)) >= 0;
    }

    /** Whether an {@code rc_get} tombstone answer ({@code NF <version> [L]}) says the delete removed a value. */
    static boolean removedLive(ByteBuf tombstone) {
        int end = tombstone.writerIndex();
        while (end > tombstone.readerIndex() && (tombstone.getByte(end - 1) == '\n' || tombstone.getByte(end - 1) == '\r')) {
            end--;
        }
        return end - tombstone.readerIndex() >= 2 && tombstone.getByte(end - 1) == 'L' && tombstone.getByte(end - 2) == ' ';
    }

    /** The same answer saying the key was deleted: {@code DELETED}, or {@code HD} with meta's flags kept. */
    static ByteBuf asDeleted(ByteBuf notFound) {
        if (notFound.readableBytes() == NOT_FOUND.length && is(notFound, NOT_FOUND)) {
            notFound.release();
            return Unpooled.wrappedBuffer(DELETED);
        }
        ByteBuf out = Unpooled.buffer(notFound.readableBytes());
        out.writeByte('H').writeByte('D');
        out.writeBytes(notFound, notFound.readerIndex() + 2, notFound.readableBytes() - 2);
        notFound.release();
        return out;
    }

    private static boolean is(ByteBuf b, byte[] word) {
        for (int i = 0; i < word.length; i++) {
            if (b.getByte(b.readerIndex() + i) != word[i]) {
                return false;
            }
        }
        return true;
    }
}
