package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pause check every keyed request makes: passes while the watch ticks within the threshold;
 * once the last tick is older (the process was not running), holds every request and re-syncs once,
 * until the re-sync is done. A watch that ticks once a minute stands in for a stopped process.
 */
class PauseGuardTest {

    @Test
    void aRequestThatFindsTheLastTickTooOldHoldsUntilTheOneResyncCompletes() {
        AtomicInteger resyncs = new AtomicInteger();
        CompletableFuture<Void> resync = new CompletableFuture<>();
        Duration threshold = Duration.ofSeconds(2);
        try (PauseGuard guard = new PauseGuard(threshold, () -> {
            resyncs.incrementAndGet();
            return resync;
        }, 60_000)) {
            assertThat(guard.holding()).isFalse(); // ticked (constructed) just now
            assertThat(guard.resumed()).isDone();

            await().atMost(Duration.ofSeconds(20)).until(guard::holding); // 2 s without a tick: a pause
            for (int i = 0; i < 100; i++) {
                assertThat(guard.holding()).isTrue();
            }
            assertThat(resyncs).hasValue(1);
            assertThat(guard.pauses.sum()).isEqualTo(1);
            CompletableFuture<Void> resumed = guard.resumed();
            assertThat(resumed).isNotDone();

            resync.complete(null);
            assertThat(resumed).isDone();
            assertThat(guard.holding()).isFalse(); // the re-sync counts as a tick

            await().atMost(Duration.ofSeconds(20)).until(guard::holding); // and the next gap is a pause again
            assertThat(resyncs).hasValue(2);
            assertThat(guard.pauses.sum()).isEqualTo(2);
            assertThat(guard.holding()).isFalse(); // its re-sync completed at once
        }
    }

    @Test
    void aWatchThatTicksWithinTheThresholdNeverHolds() {
        AtomicInteger resyncs = new AtomicInteger();
        try (PauseGuard guard = new PauseGuard(Duration.ofSeconds(5), () -> {
            resyncs.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }, 20)) {
            long end = System.nanoTime() + Duration.ofMillis(500).toNanos();
            int checks = 0;
            while (System.nanoTime() < end && checks < 50_000_000) {
                assertThat(guard.holding()).isFalse();
                checks++;
            }
            assertThat(resyncs).hasValue(0);
        }
    }
}
