package io.ringcache.node.hostile;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the machine's cores busy while an attack runs: the slow reader's failure depended on timing
 * and showed only on a busy machine, so the attacks run under load. Each thread spins on arithmetic
 * until closed, bounded by {@link #MAX_MILLIS} should a test forget.
 */
final class LoadBurner implements AutoCloseable {

    private static final long MAX_MILLIS = 10 * 60 * 1000;

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;
    private volatile long sink;

    LoadBurner(int threadCount) {
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::spin, "load-burner-" + i);
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
            threads.add(t);
        }
    }

    private void spin() {
        long end = System.currentTimeMillis() + MAX_MILLIS;
        long x = 1;
        while (!stop && System.currentTimeMillis() < end) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(5000);
        }
    }
}
