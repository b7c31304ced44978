package io.ringcache.node;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to: TTL tests advance it instead of sleeping. */
public final class ManualClock implements NodeClock {

    private final long startEpochMillis;
    /** Nanoseconds elapsed since the start; both readings derive from it so they never disagree. */
    private final AtomicLong elapsedNanos = new AtomicLong();

    public ManualClock(long startEpochMillis) {
        if (startEpochMillis < 0) {
            throw new IllegalArgumentException("startEpochMillis must be >= 0, was " + startEpochMillis);
        }
        this.startEpochMillis = startEpochMillis;
    }

    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: " + duration);
        }
        elapsedNanos.addAndGet(duration.toNanos());
    }

    @Override
    public long nanoTime() {
        return elapsedNanos.get();
    }

    @Override
    public long epochMillis() {
        return startEpochMillis + elapsedNanos.get() / 1_000_000L;
    }
}
