package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rule a coordinator applies to a request it held back before it runs it: anything it was
 * admitted under that lapsed meanwhile (a pause, a new ring, the sender's deadline) refuses it,
 * nothing applied; a pause first, since then nothing this node knew can be trusted.
 */
class HeldRequestTest {

    private static final long DEADLINE = 10_000;

    @ParameterizedTest(name = "epoch {0}, pauses {1}, holding {2}, at {3} ms: {4}")
    @CsvSource({
        // admitted at epoch 5, 2 pauses noticed, deadline 10,000 ms
        "5, 2, false, 9000, RUN",
        "5, 2, false, 10000, RUN",
        "5, 2, false, 10001, EXPIRED",
        "6, 2, false, 9000, STALE_RING",
        "4, 2, false, 9000, STALE_RING",
        "5, 3, false, 9000, PAUSED",
        "5, 2, true, 9000, PAUSED",
        "6, 3, true, 20000, PAUSED",
        "6, 2, false, 20000, EXPIRED",
    })
    void aHeldRequestRunsOnlyIfNothingItWasAdmittedUnderLapsed(long epochNow, long pausesNow, boolean holding,
            long nowMillis, String expected) {
        HeldRequest held = new HeldRequest(5, 2, DEADLINE);
        Refusal lapsed = held.lapsed(epochNow, pausesNow, holding, nowMillis);
        assertThat(lapsed == null ? "RUN" : lapsed.name()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"5, 2, false, 9223372036854775806"})
    void aClientsOwnRequestHasNoDeadline(long epochNow, long pausesNow, boolean holding, long nowMillis) {
        HeldRequest held = new HeldRequest(5, 2, HeldRequest.NO_DEADLINE);
        assertThat(held.lapsed(epochNow, pausesNow, holding, nowMillis)).isNull();
    }
}
