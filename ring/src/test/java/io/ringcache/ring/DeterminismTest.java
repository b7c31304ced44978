package io.ringcache.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same history gives the same ring in every process: computed here and in a fresh JVM, the
 * fingerprints (XXH3 of the encoded ring) are equal. Also a golden fingerprint: a change of
 * placement is a protocol change (mixed-version clusters would disagree), so it must be deliberate.
 */
class DeterminismTest {

    /** A fixed history: joins with weights and zones, leaves. */
    static Ring history() {
        Ring ring = Ring.empty(RingParameters.defaults().withReplicationFactor(3));
        for (int i = 0; i < 12; i++) {
            ring = ring.join(new Member("node-" + i, 1 + i % 3, "zone-" + i % 2));
        }
        return ring.leave("node-3").leave("node-7").join(new Member("node-12", 2, "zone-0"));
    }

    /** Run in the forked JVM: prints the fingerprint of {@link #history()}. */
    public static void main(String[] args) {
        System.out.println(history().fingerprint());
    }

    @Test
    void aFreshJvmComputesTheSameRing() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), DeterminismTest.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(history().fingerprint());
    }

    @Test
    void theSameHistoryTwiceGivesTheSameBytes() {
        assertThat(history().encode()).isEqualTo(history().encode());
    }

    @Test
    void placementIsPinned() {
        assertThat(history().fingerprint()).isEqualTo(GOLDEN_FINGERPRINT);
    }

    /** Update only with a deliberate, documented placement change (and a new encoding version). */
    static final String GOLDEN_FINGERPRINT = "e83327d13b34526e";
}
