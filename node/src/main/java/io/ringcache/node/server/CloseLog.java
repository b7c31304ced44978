package io.ringcache.node.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per closed connection, with its reason, at most {@link #LINES_PER_WINDOW} lines per
 * {@link #WINDOW_NANOS}: a flood of closes (a thousand clients dropped at once, an attacker
 * reconnecting in a loop) must not flood the log. What was left out is summed up, by reason, in one
 * line when the next window starts. Closes the client asked for are logged at debug ({@code -vv}),
 * the node's own (timeouts, limits, errors) at info. Never a stack trace for what a client did; an
 * unexpected error in the node's own code keeps its trace.
 *
 * <p>Thread-safe: every event loop logs here.
 */
final class CloseLog {

    static final int LINES_PER_WINDOW = 20;
    static final long WINDOW_NANOS = 10_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger("io.ringcache.node.connections");

    private final LongSupplier nanoTime;
    private long windowStart;
    private int linesInWindow;
    /** Lines left out in the current window, by reason. */
    private final Map<CloseReason, Integer> suppressed = new EnumMap<>(CloseReason.class);

    CloseLog() {
        this(System::nanoTime);
    }

    /** With {@code nanoTime} as the clock of the rate limit (tests step it). */
    CloseLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    void closed(String remote, long openNanos, CloseReason reason, String detail, Throwable bug) {
        boolean loud = reason.byNode;
        if (loud ? !log.isInfoEnabled() : !log.isDebugEnabled()) {
            return;
        }
        Suppressed summary = null;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (now - windowStart >= WINDOW_NANOS) {
                summary = suppressedSummary();
                windowStart = now;
                linesInWindow = 0;
            }
            if (linesInWindow >= LINES_PER_WINDOW) {
                suppressed.merge(reason, 1, Integer::sum);
                return;
            }
            linesInWindow++;
        }
        if (summary != null) {
            log.info("{} more connection closes not logged in the last {} s: {}", summary.count,
                    WINDOW_NANOS / 1_000_000_000L, summary.byReason);
        }
        String text = detail == null ? reason.text : reason.text + ": " + detail;
        String age = String.format("%.1f s", openNanos / 1e9);
        if (bug != null) {
            log.warn("closed {} after {}: {}", remote, age, text, bug);
        } else if (loud) {
            log.info("closed {} after {}: {}", remote, age, text);
        } else {
            log.debug("closed {} after {}: {}", remote, age, text);
        }
    }

    private record Suppressed(int count, String byReason) {
    }

    /** What was left out ("reason: n, reason: n"), or null when nothing was. */
    private Suppressed suppressedSummary() {
        if (suppressed.isEmpty()) {
            return null;
        }
        int total = 0;
        StringBuilder byReason = new StringBuilder();
        for (Map.Entry<CloseReason, Integer> e : suppressed.entrySet()) {
            total += e.getValue();
            byReason.append(byReason.length() == 0 ? "" : ", ").append(e.getKey().text).append(": ").append(e.getValue());
        }
        suppressed.clear();
        return new Suppressed(total, byReason.toString());
    }
}
