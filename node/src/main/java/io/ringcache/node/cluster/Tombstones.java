package io.ringcache.node.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.store.ItemKey;
import java.time.Duration;

/**
 * Keys deleted on this node while data may still be moving to it, so that a rebalancing transfer
 * does not bring a deleted key back.
 *
 * <p>After a ring change, a key's old holder may no longer be an owner: it never sees a delete that
 * the new owners apply, and its walk may send its copy afterwards. A transfer only adds where the
 * key is absent, which is exactly the state a delete leaves. So for {@link #WINDOW} after each ring
 * change this node remembers the keys it deleted, and refuses a transfer of such a key as not
 * stored: the sender counts it as taken and drops its copy, as the delete meant.
 *
 * <p>Outside that window nothing is recorded, so steady-state deletes cost one volatile read. The
 * record is bounded ({@link #MAX_KEYS}); past it the oldest tombstones may go, and with them only
 * this protection for those keys.
 */
final class Tombstones {

    /** Longer than a node's walk over tens of millions of items at the default rebalance rate. */
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final long MAX_KEYS = 100_000;

    private final com.github.benmanes.caffeine.cache.Ticker clock;
    private final Cache<ItemKey, Boolean> deleted;
    /** Until when deletes are recorded; closed at the start. */
    private volatile long recordUntilNanos;

    Tombstones() {
        this(com.github.benmanes.caffeine.cache.Ticker.systemTicker());
    }

    /** With {@code clock} for the window and the tombstones' expiry (tests turn it by hand). */
    Tombstones(com.github.benmanes.caffeine.cache.Ticker clock) {
        this.clock = clock;
        this.deleted = Caffeine.newBuilder()
                .ticker(clock)
                .expireAfterWrite(WINDOW)
                .maximumSize(MAX_KEYS)
                .executor(Runnable::run) // maintenance inline: tiny, and the record stays exact
                .build();
        this.recordUntilNanos = clock.read();
    }

    /** A ring change: transfers may arrive for the next {@link #WINDOW}. */
    void ringChanged() {
        recordUntilNanos = clock.read() + WINDOW.toNanos();
    }

    /** Called with each command this node applies as a key's coordinator or replica. */
    void recordIfDelete(Command command) {
        ItemKey key = command instanceof Command.Delete d ? d.key()
                : command instanceof Command.MetaDelete d ? d.key() : null;
        // the type first: reads pass here too, and need not pay for the clock
        if (key != null && clock.read() - recordUntilNanos < 0) {
            deleted.put(key, Boolean.TRUE);
        }
    }

    /** Whether a transfer of {@code key} must be refused: this node deleted it within the window. */
    boolean isDeleted(ItemKey key) {
        return deleted.getIfPresent(key) != null;
    }
}
