package io.ringcache.node.hostile;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a process's resident memory every {@link #PERIOD_MILLIS} while an attack runs and keeps the
 * peak, so a test sees what the attack cost at its worst, not only what is left after it.
 */
final class MemoryWatch implements AutoCloseable {

    static final long PERIOD_MILLIS = 50;
    private static final long MAX_MILLIS = 10 * 60 * 1000;

    private final long pid;
    private final long end = System.currentTimeMillis() + MAX_MILLIS;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memory-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile long peak;

    MemoryWatch(long pid) {
        this.pid = pid;
        this.peak = Target.rssOf(pid);
        sampler.scheduleAtFixedRate(this::sample, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        if (System.currentTimeMillis() > end) {
            sampler.shutdown(); // bounded, whatever the test does
            return;
        }
        try {
            peak = Math.max(peak, Target.rssOf(pid));
        } catch (RuntimeException processGone) {
            sampler.shutdown();
        }
    }

    long peak() {
        return peak;
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
