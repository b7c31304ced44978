package io.ringcache.node.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * flush_all invalidates by version: every item with a version below the floor is gone. A flush
 * takes a version from the node's clock, so everything stamped before it is below; in a cluster
 * the same floor reaches every node, and any older copy that arrives later is below it too.
 *
 * <p>The floor only rises. Thread-safe and lock-free: every read and write of an item consults it
 * ({@link #at}), so that path takes no lock and allocates nothing.
 */
final class FlushFloor {

    /** The floor: every item with a lower version is gone (0: never flushed). */
    private final AtomicLong floor = new AtomicLong();
    /** A delayed flush_all: the unix second at which it happens; 0 = none. */
    private final AtomicLong pendingFlushAt = new AtomicLong();
    private final HybridClock versions;
    /**
     * Told each new floor once, on the thread that raised it: the store drops what is below it
     * (items, tombstones). Reads ignore those already, so this only gives memory back.
     */
    private final LongConsumer raised;

    FlushFloor(HybridClock versions, LongConsumer raised) {
        this.versions = versions;
        this.raised = raised;
    }

    /**
     * {@link ItemStore#flushAll} at {@code now}: a delayed flush is only remembered, and carried out
     * by the first {@link #at} after its time.
     */
    long flushAll(long delay, long now) {
        if (delay > 0) {
            pendingFlushAt.set(ItemStore.expiresAt(delay, now) - 1);
            return 0;
        }
        long newFloor = versions.next(); // first: it may be refused, and then nothing changes
        pendingFlushAt.set(0);
        raise(newFloor);
        return newFloor;
    }

    /** Raises the floor to {@code newFloor} (a flush_all, here or on another node); a lower one changes nothing. */
    void raise(long newFloor) {
        if (!HybridClock.isAfter(newFloor, floor.get())) {
            // every peer request carries the sender's floor, nearly always the one held here: a read,
            // not a write to a field every I/O thread shares (the clock observed it when it was set)
            return;
        }
        versions.observe(newFloor);
        long previous = floor.getAndAccumulate(newFloor, (held, offered) -> HybridClock.isAfter(offered, held) ? offered : held);
        if (!HybridClock.isAfter(newFloor, previous)) {
            return;
        }
        raised.accept(newFloor);
    }

    /** The floor items must reach, after carrying out a delayed flush that is due at {@code now}. */
    long at(long now) {
        long due = pendingFlushAt.get();
        if (due != 0 && due <= now && pendingFlushAt.compareAndSet(due, 0)) {
            raise(HybridClock.floorAt(due * 1000));
        }
        return floor.get();
    }

    /** The floor as last raised, without carrying out a delayed flush. */
    long get() {
        return floor.get();
    }

    static boolean isBelow(byte[] item, long floor) {
        return Long.compareUnsigned(Items.version(item), floor) < 0;
    }
}
