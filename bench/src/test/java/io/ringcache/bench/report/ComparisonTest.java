package io.ringcache.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Medians, per-round ratios and server CPU per operation from runs laid out as compare.sh lays them out. */
class ComparisonTest {
  @TempDir Path dir;

  @Test
  void eachTargetIsComparedWithTheBaselineOfItsOwnRound() throws Exception {
    // round 1 is slow for both (a busy machine), round 2 fast for both: each round's ratio is 0.9
    run("p1", "off", 1, 100_000, 50.0);
    run("p1", "on", 1, 90_000, 50.0);
    run("p1", "off", 2, 200_000, 80.0);
    run("p1", "on", 2, 180_000, 80.0);
    run("p1", "off", 10, 150_000, 60.0);
    run("p1", "on", 10, 135_000, 66.0);

    Comparison comparison = new Comparison(RunResults.load(dir), "off");

    List<Comparison.RoundRatio> ratios = comparison.roundRatios("p1", "on");
    assertThat(ratios).extracting(Comparison.RoundRatio::round).containsExactly("round-1", "round-2", "round-10");
    assertThat(ratios).allSatisfy(r -> assertThat(r.ops()).isCloseTo(0.9, within(1e-9)));
    // CPU per operation: same CPU for 10 % fewer operations, then 10 % more CPU as well
    assertThat(ratios.get(0).serverMicrosPerOp()).isCloseTo(1 / 0.9, within(1e-9));
    assertThat(ratios.get(2).serverMicrosPerOp()).isCloseTo(1.1 / 0.9, within(1e-9));
    assertThat(comparison.roundRatios("p1", "off")).isEmpty();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    comparison.print(new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("### p1 round by round")
        .contains("| on | 0.900 0.900 0.900 | 0.900x | 1.111 1.111 1.222 | 1.111x |")
        // off: 60 % of a core for 150,000 ops/s over 10 s = 4.00 us per operation (median of 2.5, 4, 5)
        .contains("| off | 3 | 150,000 |")
        .contains("| 4.00 |");
  }

  private void run(String workload, String target, int round, long opsPerSecond, double serverCpuPercent) throws Exception {
    Path run = dir.resolve(workload).resolve(target).resolve("round-" + round);
    Files.createDirectories(run);
    double seconds = 10;
    Files.writeString(run.resolve(ReportWriter.SUMMARY), """
        {"target": "%s", "workload": "%s", "valid": true, "measuredSeconds": %s, "ops": %d,
         "opsPerSecond": %d, "serverCpuPercent": %s, "hitRatio": 1.0}
        """.formatted(target, workload, seconds, (long) (opsPerSecond * seconds), opsPerSecond, serverCpuPercent));
  }
}
