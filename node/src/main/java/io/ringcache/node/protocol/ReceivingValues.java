package io.ringcache.node.protocol;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes of values being received, all connections of a node together, and their limit. A value is
 * read into its item array as it arrives, so a thousand connections that each start a 1 MB set and
 * send it slowly (or never) would hold a gigabyte of heap the store does not count; past the limit a
 * new value is refused with memcached's words for a value it has no memory for
 * ({@code SERVER_ERROR out of memory storing object}) and its data swallowed, and the read timeout
 * frees what the slow senders hold. memcached allocates such values from its item memory and
 * refuses the same way when it has none.
 *
 * <p>Thread-safe: shared by the decoders of every connection.
 */
public final class ReceivingValues {

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final LongAdder refused = new LongAdder();

    public ReceivingValues(long limit) {
        this.limit = limit;
    }

    /** No limit: for a decoder alone (tests, fuzzing). */
    public static ReceivingValues unlimited() {
        return new ReceivingValues(Long.MAX_VALUE);
    }

    /** Takes {@code bytes} if they fit under the limit. */
    boolean reserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                refused.increment();
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes of values being received now. */
    public long used() {
        return used.get();
    }

    /** Values refused since start for want of room. */
    public long refused() {
        return refused.sum();
    }
}
