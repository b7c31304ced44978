package io.ringcache.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * XXH3-64 (seed 0) against the reference's published value and against an independent
 * implementation (OpenHFT zero-allocation-hashing) over every length class, the class edges
 * (0, 1-3, 4-8, 9-16, 17-128, 129-240, longer in blocks of 1,024) and beyond.
 */
class KeyHashTest {

    private static final LongHashFunction REFERENCE = LongHashFunction.xx3();

    @Test
    void matchesThePublishedValueOfTheEmptyInput() {
        assertThat(KeyHash.hash(new byte[0])).isEqualTo(0x2D06800538D394C2L);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void matchesTheIndependentImplementationAtEveryLength(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int length = 0; length <= 3_200; length++) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            assertThat(KeyHash.hash(input)).as("length %d", length).isEqualTo(REFERENCE.hashBytes(input));
        }
    }

    @ParameterizedTest
    @CsvSource({"user:00000000000", "a", "abc", "Nobody inspects the spammish repetition"})
    void matchesTheIndependentImplementationOnText(String text) {
        byte[] input = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(KeyHash.hash(input)).isEqualTo(REFERENCE.hashBytes(input));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 7, 8, 9, 16, 17, 31, 32, 33, 64, 100, 128, 129, 200, 240, 241, 1_024, 1_025, 2_000})
    void hashesASliceLikeACopy(int length) {
        byte[] padded = new byte[length + 10];
        for (int i = 0; i < padded.length; i++) {
            padded[i] = (byte) (i * 31 + 7);
        }
        byte[] copy = Arrays.copyOfRange(padded, 5, 5 + length);
        assertThat(KeyHash.hash(padded, 5, length)).isEqualTo(KeyHash.hash(copy));
    }
}
