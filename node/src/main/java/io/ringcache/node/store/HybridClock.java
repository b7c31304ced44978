package io.ringcache.node.store;

import io.ringcache.node.NodeClock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Item versions: a hybrid logical clock (Kulkarni et al., 2014) that orders the writes of a key
 * across the nodes of a cluster, whatever node coordinated them.
 *
 * <pre>
 *   version (u64) = [ 42 bits: milliseconds since 2020-01-01 UTC | 12 bits: counter | 10 bits: node tag ]
 * </pre>
 *
 * <p>The upper 54 bits are the logical time: never below the wall clock, strictly increasing on this
 * node, and pushed past every version this node has seen ({@link #observe}), so a write coordinated
 * here after a replica of another node's write always gets the greater version, whatever the two
 * wall clocks say. The counter absorbs up to 4,096 writes per millisecond before the logical time
 * runs ahead of the wall clock, and catches up once the rate drops. The node tag (this node's index
 * in the ring, modulo 1,024) makes two nodes' versions differ even within one millisecond, which is
 * what makes a version usable as a CAS unique that no other item in the cluster has.
 *
 * <p>Versions compare as unsigned numbers; 42 bits of milliseconds last until 2159.
 */
public final class HybridClock {

    /** 2020-01-01T00:00:00Z: the zero of the version's millisecond field. */
    static final long EPOCH_MILLIS = 1_577_836_800_000L;
    static final int TAG_BITS = 10;
    static final int COUNTER_BITS = 12;
    private static final int MILLIS_SHIFT = TAG_BITS + COUNTER_BITS;
    static final int MAX_TAG = (1 << TAG_BITS) - 1;

    private final NodeClock clock;
    /** The last logical time handed out or seen: (millis << COUNTER_BITS) | counter. */
    private final AtomicLong last = new AtomicLong();
    private volatile int tag;
    /** Whether a version may be given out now; null: always (a single node). */
    private volatile java.util.function.BooleanSupplier mayStamp;

    public HybridClock(NodeClock clock) {
        this.clock = clock;
    }

    /** The tag this node stamps into its versions: its ring index (modulo 1,024), 0 when alone. */
    public void tag(int tag) {
        this.tag = tag & MAX_TAG;
    }

    /**
     * Makes {@link #next} refuse, with {@link StampRefusedException}, whenever {@code mayStamp} says
     * no. A cluster node says no while it re-checks its ring after a pause: a write it admitted
     * before the pause and carries out after it would get a version newer than every write the
     * cluster acknowledged meanwhile, on a value from before them, and win everywhere. Checked at
     * the stamp itself, because a process can be stopped between any admission check and the write.
     */
    public void guard(java.util.function.BooleanSupplier mayStamp) {
        this.mayStamp = mayStamp;
    }

    /** A version greater than every version this node handed out or observed before. */
    public long next() {
        return next(0);
    }

    /** As {@link #next()}, and also greater than {@code after} (the version a write replaces). */
    public long next(long after) {
        java.util.function.BooleanSupplier guard = mayStamp;
        if (guard != null && !guard.getAsBoolean()) {
            throw StampRefusedException.INSTANCE;
        }
        long floor = Math.max(wallLogical(), (after >>> TAG_BITS) + 1);
        // a plain CAS loop: updateAndGet would allocate a capturing lambda on every write
        long previous;
        long logical;
        do {
            previous = last.get();
            logical = Math.max(previous + 1, floor);
        } while (!last.compareAndSet(previous, logical));
        return (logical << TAG_BITS) | tag;
    }

    /** Takes note of another node's version, so that every later {@link #next()} is greater. */
    public void observe(long version) {
        long logical = version >>> TAG_BITS;
        if (logical > last.get()) {
            last.accumulateAndGet(logical, Math::max);
        }
    }

    /** The smallest version stamped at or after {@code epochMillis} (a delayed flush_all's cut-off). */
    public static long floorAt(long epochMillis) {
        return Math.max(0, epochMillis - EPOCH_MILLIS) << MILLIS_SHIFT;
    }

    /** The wall-clock millisecond a version was stamped at (for logs and tests). */
    public static long millisOf(long version) {
        return (version >>> MILLIS_SHIFT) + EPOCH_MILLIS;
    }

    /** Whether version {@code a} orders after version {@code b}. */
    public static boolean isAfter(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    private long wallLogical() {
        return Math.max(0, clock.epochMillis() - EPOCH_MILLIS) << COUNTER_BITS;
    }
}
