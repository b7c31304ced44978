package io.ringcache.node.faults;

/** Milliseconds since a run started: the time base of every recorded operation and fault. */
final class RunClock {

    private final long startNanos = System.nanoTime();

    long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
