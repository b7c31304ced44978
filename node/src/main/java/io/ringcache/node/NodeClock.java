package io.ringcache.node;

/**
 * The node's sense of time, injected so that expiry can be tested without sleeping.
 *
 * <p>{@link #nanoTime()} drives Caffeine's {@code Ticker} (relative durations); {@link #epochMillis()}
 * gives unix time for absolute exptimes, {@code flush_all} delays and {@code stats time}. The two
 * must advance together. Implementations are called from many threads and must be thread-safe.
 */
public interface NodeClock {

    long nanoTime();

    long epochMillis();

    static NodeClock system() {
        return SystemClock.INSTANCE;
    }
}

enum SystemClock implements NodeClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }
}
