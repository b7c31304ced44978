package io.ringcache.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoopWithZipfTest {
  @Test
  void loopKeysComeInOrderAndTheRestFollowZipf() {
    LoopWithZipf chooser = new LoopWithZipf(1_000, 100, 0.3, 0.99);
    SplittableRandom random = new SplittableRandom(3);
    int draws = 200_000;
    long expectedLoopKey = 900;
    int loopDraws = 0;
    int rankZero = 0;
    for (int i = 0; i < draws; i++) {
      long key = chooser.next(random);
      assertThat(key).isBetween(0L, 999L);
      if (key >= 900) {
        assertThat(key).isEqualTo(expectedLoopKey);
        expectedLoopKey = expectedLoopKey == 999 ? 900 : expectedLoopKey + 1;
        loopDraws++;
      } else if (key == 0) {
        rankZero++;
      }
    }
    assertThat((double) loopDraws / draws).isCloseTo(0.3, within(0.01));
    double norm = 0;
    for (int k = 1; k <= 900; k++) {
      norm += Math.pow(k, -0.99);
    }
    double expectedRankZero = 0.7 / norm;
    assertThat((double) rankZero / draws).isCloseTo(expectedRankZero, within(expectedRankZero * 0.05));
  }

  @Test
  void rejectsALoopThatLeavesNoPopularKeysOrAShareOutsideZeroToOne() {
    assertThatThrownBy(() -> new LoopWithZipf(100, 100, 0.5, 0.99)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LoopWithZipf(100, 0, 0.5, 0.99)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LoopWithZipf(100, 10, 1.0, 0.99)).isInstanceOf(IllegalArgumentException.class);
  }
}
