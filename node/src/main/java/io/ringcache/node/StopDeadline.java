package io.ringcache.node;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes SIGTERM always end the process: once stopping starts, a daemon thread halts the JVM if the
 * graceful part (the leave handoff, closing sockets and event loops) has not finished by the
 * deadline. Whatever is stuck (an event loop inside a task that never returns, a peer that never
 * answers) cannot keep a stopping node alive; the shutdown hooks are skipped at that point, which
 * is why the deadline leaves the leave timeout its full length first.
 */
final class StopDeadline {

    private static final Logger log = LoggerFactory.getLogger(StopDeadline.class);
    /** The exit status of a process ended by SIGTERM (128 + 15), as if it had stopped in time. */
    static final int EXIT_STATUS = 143;

    private StopDeadline() {
    }

    static void start(Duration deadline) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(deadline.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            log.warn("still stopping {} s after the signal; halting", deadline.toSeconds());
            Runtime.getRuntime().halt(EXIT_STATUS);
        }, "ringcache-stop-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
