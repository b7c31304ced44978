package io.ringcache.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringcache.ring.RingParameters.Mode;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The binary form: exact round trips, and nothing but IllegalArgumentException for bad bytes. */
class RingCodecTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void decodingGivesARingThatEncodesIdenticallyAndPlacesKeysTheSame(Mode mode) {
        Ring ring = Histories.random(RingParameters.defaults().withMode(mode).withReplicationFactor(3), 9, 40, true);
        byte[] bytes = ring.encode();
        Ring decoded = Ring.decode(bytes);
        assertThat(decoded.encode()).isEqualTo(bytes);
        assertThat(decoded.fingerprint()).isEqualTo(ring.fingerprint());
        assertThat(decoded.epoch()).isEqualTo(ring.epoch());
        assertThat(decoded.members()).isEqualTo(ring.members());
        int[] a = new int[3];
        int[] b = new int[3];
        for (byte[] k : Histories.keys(5, 2_000)) {
            int n = ring.preferenceList(k, 0, k.length, a);
            assertThat(decoded.preferenceList(k, 0, k.length, b)).isEqualTo(n);
            assertThat(Arrays.copyOf(b, n)).isEqualTo(Arrays.copyOf(a, n));
        }
    }

    @Test
    void emptyRingRoundTrips() {
        Ring empty = Ring.empty(RingParameters.defaults());
        assertThat(Ring.decode(empty.encode()).encode()).isEqualTo(empty.encode());
        assertThat(empty.preferenceList(new byte[] {1}, 0, 1, new int[2])).isZero();
        assertThat(empty.primary(new byte[] {1}, 0, 1)).isEqualTo(-1);
    }

    @Test
    void truncationsAreRejected() {
        byte[] bytes = Histories.grown(RingParameters.defaults(), 5).encode();
        for (int length = 0; length < bytes.length; length += 7) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> Ring.decode(cut)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] bytes = Histories.grown(RingParameters.defaults(), 3).encode();
        assertThatThrownBy(() -> Ring.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the ring");
    }

    /** Random corruption either fails cleanly or yields a valid ring that encodes to exactly those bytes. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void corruptedBytesFailCleanly(long seed) {
        byte[] bytes = Histories.grown(RingParameters.defaults().withVnodes(8), 4).encode();
        Random random = new Random(seed);
        for (int trial = 0; trial < 300; trial++) {
            byte[] bad = bytes.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                assertThat(Ring.decode(bad).encode()).isEqualTo(bad);
            } catch (IllegalArgumentException rejected) {
                // the expected outcome for most corruptions
            }
        }
    }

    @Test
    void randomGarbageIsRejected() {
        Random random = new Random(42);
        for (int trial = 0; trial < 1_000; trial++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            assertThatThrownBy(() -> Ring.decode(garbage)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
