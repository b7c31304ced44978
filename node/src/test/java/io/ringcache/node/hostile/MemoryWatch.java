package io.ringcache.node.hostile;

/**
 * Samples a process's resident memory every {@link #PERIOD_MILLIS} while an attack runs and keeps the
 * peak, so a test sees what the attack cost at its worst, not only what is left after it.
 */
final class MemoryWatch implements AutoCloseable {

    static final long PERIOD_MILLIS = 50;
    private static final long MAX_MILLIS = 10 * 60 * 1000;

    private final long pid;
    private final Thread thread;
    private volatile boolean stop;
    private volatile long peak;

    MemoryWatch(long pid) {
        this.pid = pid;
        this.peak = Target.rssOf(pid);
        this.thread = new Thread(this::run, "memory-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long end = System.currentTimeMillis() + MAX_MILLIS;
        while (!stop && System.currentTimeMillis() < end) {
            try {
                peak = Math.max(peak, Target.rssOf(pid));
                Thread.sleep(PERIOD_MILLIS); // the sampling period, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException processGone) {
                return;
            }
        }
    }

    long peak() {
        return peak;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.interrupt();
        thread.join(5000);
    }
}
