package io.ringcache.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZipfSamplerTest {
  @ParameterizedTest(name = "n={0}, s={1}")
  @CsvSource({"1000, 0.99", "1000, 1.0", "100000, 0.7", "50, 1.5"})
  void frequenciesFollowThePowerLaw(long n, double s) {
    ZipfSampler zipf = new ZipfSampler(n, s);
    SplittableRandom random = new SplittableRandom(7);
    int draws = 1_000_000;
    long[] counts = new long[4];
    for (int i = 0; i < draws; i++) {
      long rank = zipf.next(random);
      assertThat(rank).isBetween(0L, n - 1);
      if (rank < counts.length) {
        counts[(int) rank]++;
      }
    }
    double norm = 0;
    for (long k = 1; k <= n; k++) {
      norm += Math.pow(k, -s);
    }
    for (int rank = 0; rank < counts.length; rank++) {
      double expected = Math.pow(rank + 1, -s) / norm;
      assertThat((double) counts[rank] / draws).isCloseTo(expected, within(expected * 0.04 + 0.0005));
    }
  }

  @ParameterizedTest
  @CsvSource({"0, 0.99", "10, 0", "10, -1"})
  void rejectsNonsense(long n, double s) {
    assertThatThrownBy(() -> new ZipfSampler(n, s)).isInstanceOf(IllegalArgumentException.class);
  }
}
