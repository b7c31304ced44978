package io.ringcache.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** xxHash64 (seed 0) against the reference implementation's published values. */
class KeyHashTest {

    @ParameterizedTest
    @CsvSource({
        "'', ef46db3751d8e999",
        "a, d24ec4f1a98c6e5b",
        "abc, 44bc2cf5ad770999",
        "Nobody inspects the spammish repetition, fbcea83c8a378bf1",
    })
    void matchesTheReferenceValues(String input, String hex) {
        assertThat(Long.toHexString(KeyHash.hash(input.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(hex);
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "3", "4", "7", "8", "31", "32", "33", "63", "64", "100"})
    void hashesASliceLikeACopy(int length) {
        byte[] padded = new byte[length + 10];
        for (int i = 0; i < padded.length; i++) {
            padded[i] = (byte) (i * 31 + 7);
        }
        byte[] copy = java.util.Arrays.copyOfRange(padded, 5, 5 + length);
        assertThat(KeyHash.hash(padded, 5, length)).isEqualTo(KeyHash.hash(copy));
    }
}
