package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two ends of the forwarded-write deadline: an owner stamps a write only up to its sender's
 * deadline less the margin; a sender whose answer was lost passes the write on only once the
 * deadline passed. So every stamp of the first attempt comes before the next owner is asked.
 */
class WriteDeadlineTest {

    @ParameterizedTest(name = "deadline {0}, margin {1}: stamp until {2}")
    @CsvSource({
        "10000, 1200, 8800",
        "1200, 1200, 0",
        "9223372036854775807, 1200, 9223372036854775807", // a client's own request has no deadline
    })
    void anOwnerStampsUntilTheMarginBeforeTheDeadline(long deadline, long margin, long lastStamp) {
        assertThat(WriteDeadline.lastStampMillis(deadline, margin)).isEqualTo(lastStamp);
    }

    @ParameterizedTest(name = "sent with deadline {0}, now {1}: wait {2} ms")
    @CsvSource({
        "10000, 6000, 4000", // the connection was lost early: wait out the deadline
        "10000, 10000, 0",
        "10000, 10300, 0", // a timeout, at or after the deadline: at once
    })
    void aSenderPassesAWriteOnOnlyOnceTheDeadlinePassed(long sentDeadline, long now, long wait) {
        assertThat(WriteDeadline.failoverDelayMillis(sentDeadline, now)).isEqualTo(wait);
    }

    @ParameterizedTest(name = "pause threshold {0} ms: margin {1} ms")
    @CsvSource({"1000, 1200", "3000, 3200", "5000, 5200"})
    void theMarginCoversAStopTheStampGuardDoesNotRefuse(long thresholdMillis, long margin) {
        // a forwarded write leaves its owner a second to stamp it, and its sender never waits longer than that and the margin
        assertThat(WriteDeadline.sendWindowMillis(Duration.ofMillis(thresholdMillis)) - margin).isEqualTo(1000);
        assertThat(WriteDeadline.marginMillis(Duration.ofMillis(thresholdMillis))).isEqualTo(margin);
        // a stamp checked in time and delayed by less than the threshold still lands before the deadline
        long deadline = 50_000;
        long checkedAt = WriteDeadline.lastStampMillis(deadline, margin);
        assertThat(checkedAt + thresholdMillis + PauseGuard.TICK_MILLIS).isLessThan(deadline);
    }
}
