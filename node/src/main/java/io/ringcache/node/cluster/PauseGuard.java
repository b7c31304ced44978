package io.ringcache.node.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Notices that this process was paused (SIGSTOP, a long GC, a starved machine) and holds back keyed
 * requests until it has checked that its ring is still the cluster's.
 *
 * <p>While a node is stopped, the others may take it out of the ring and move on; when it resumes,
 * the requests waiting in its sockets are read first. A client that gave up on one of them may have
 * written the key again elsewhere, so carrying out the old request now, with a new version, would
 * undo that write. So: a watch thread ticks every {@value #TICK_MILLIS} ms; when a request finds the
 * last tick older than the threshold (or the tick finds its own gap), the node was not running,
 * and every keyed request waits until {@link #resync} (asking the peers which ring they route by,
 * catching up if theirs is newer) completes.
 */
final class PauseGuard implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PauseGuard.class);

    static final long TICK_MILLIS = 100;

    private final long thresholdNanos;
    private final Supplier<CompletableFuture<Void>> resync;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ringcache-pause-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastTick = System.nanoTime();
    /**
     * Until when (System.nanoTime) a request may pass without a closer look: the last tick plus the
     * threshold while the node runs as it should, a moment in the past while it re-syncs. So the
     * common case costs one volatile read and the clock; written only under this object's lock.
     */
    private volatile long clearUntil;
    /** The re-sync in progress; null while the node runs as it should. */
    private volatile CompletableFuture<Void> resyncing;
    final LongAdder pauses = new LongAdder();

    PauseGuard(java.time.Duration threshold, Supplier<CompletableFuture<Void>> resync) {
        this(threshold, resync, TICK_MILLIS);
    }

    /** With the watch ticking every {@code tickMillis} (tests: a tick slower than the threshold stands for a pause). */
    PauseGuard(java.time.Duration threshold, Supplier<CompletableFuture<Void>> resync, long tickMillis) {
        this.thresholdNanos = threshold.toNanos();
        this.clearUntil = lastTick + thresholdNanos;
        this.resync = resync;
        watch.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** Whether keyed requests must wait ({@link #resumed()}); starts the re-sync when a pause is noticed. */
    boolean holding() {
        if (System.nanoTime() - clearUntil < 0) {
            return false; // ticked within the threshold, no re-sync running: the common case
        }
        if (resyncing != null) {
            return true;
        }
        if (System.nanoTime() - lastTick > thresholdNanos) {
            paused();
            return true;
        }
        return false;
    }

    /**
     * Whether this process runs as it should: no re-check after a pause under way, and none
     * unnoticed (the watch ticked within the threshold). Unlike {@link #holding} it starts nothing,
     * so it may be asked inside a key's compute, at the moment a write is stamped.
     */
    boolean isClear() {
        long now = System.nanoTime();
        if (now - clearUntil < 0) {
            return true;
        }
        return resyncing == null && now - lastTick <= thresholdNanos;
    }

    /** How many pauses this node has noticed so far: a request that waited across one must not run. */
    long noticed() {
        return pauses.sum();
    }

    /** Completes when the re-sync is done (at once when none runs). */
    CompletableFuture<Void> resumed() {
        CompletableFuture<Void> r = resyncing;
        return r == null ? CompletableFuture.completedFuture(null) : r;
    }

    private void tick() {
        long now = System.nanoTime();
        if (now - lastTick > thresholdNanos) {
            paused();
        }
        synchronized (this) {
            lastTick = now;
            if (resyncing == null) {
                clearUntil = now + thresholdNanos;
            }
        }
    }

    private synchronized void paused() {
        if (resyncing != null) {
            return;
        }
        pauses.increment();
        log.warn("this process was not running for {} ms: checking its ring with its peers before serving keys",
                (System.nanoTime() - lastTick) / 1_000_000);
        CompletableFuture<Void> r = new CompletableFuture<>();
        resyncing = r;
        clearUntil = System.nanoTime() - 1; // every request looks closer (and waits) until the re-sync is done
        long started = System.nanoTime();
        CompletableFuture<Void> check;
        try {
            check = resync.get();
        } catch (RuntimeException e) {
            // a check that cannot start must still end the hold, or no write would be stamped again
            check = CompletableFuture.failedFuture(e);
        }
        check.whenComplete((v, e) -> {
            log.info("ring checked after the pause in {} ms; serving again", (System.nanoTime() - started) / 1_000_000);
            synchronized (this) {
                lastTick = System.nanoTime();
                resyncing = null;
                clearUntil = lastTick + thresholdNanos;
            }
            r.complete(null);
        });
    }

    @Override
    public void close() {
        watch.shutdownNow();
    }
}
