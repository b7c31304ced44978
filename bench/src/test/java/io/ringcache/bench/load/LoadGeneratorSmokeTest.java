package io.ringcache.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.ringcache.bench.report.PercentilePlot;
import io.ringcache.bench.report.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one benchmark-related check CI runs: a few seconds of real load against a real server must
 * produce a valid report. It asserts the instrument works, never how fast anything is.
 */
class LoadGeneratorSmokeTest {
  @TempDir Path out;

  @Test
  @Timeout(30)
  void closedLoopRunAgainstMemcachedProducesAValidReport() throws Exception {
    assumeTrue(MemcachedProcess.available(), "Debian memcached is not installed");
    try (MemcachedProcess memcached = MemcachedProcess.start(64)) {
      LoadSettings settings =
          LoadSettings.builder()
              .servers(List.of(new InetSocketAddress("127.0.0.1", memcached.port())))
              .connections(4)
              .pipeline(4)
              .duration(Duration.ofSeconds(2))
              .warmup(Duration.ofMillis(500))
              .prefill(true)
              .keyCount(5_000)
              .distribution(LoadSettings.Distribution.ZIPF)
              .mix(new Mix(1, 10))
              .target("memcached")
              .workload("smoke")
              .outputDirectory(out)
              .serverPids(List.of(memcached.pid()))
              .build();
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      LoadReport report = new LoadGenerator(settings, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
      ReportWriter.writeAll(report, out);
      PercentilePlot.writeForRun(out, report);

      assertThat(report.valid()).isTrue();
      assertThat(report.workloadOps()).isPositive();
      assertThat(report.replies().get(CommandKind.SET)).isPositive();
      assertThat(report.protocolErrors() + report.disconnects() + report.errorReplies()
          + report.clientErrorReplies() + report.serverErrorReplies()).isZero();
      assertThat(report.prefilledKeys()).isEqualTo(5_000);
      // every key was prefilled and only sets follow, so every get must hit
      assertThat(report.misses()).isZero();
      assertThat(report.hits()).isEqualTo(report.replies().get(CommandKind.GET));
      assertThat(console.toString(StandardCharsets.UTF_8)).contains("[measure");

      @SuppressWarnings("unchecked")
      Map<String, Object> summary = JSON.std.mapFrom(Files.readString(out.resolve("summary.json")));
      assertThat(summary.get("valid")).isEqualTo(true);
      assertThat(((Number) summary.get("opsPerSecond")).doubleValue()).isPositive();
      assertThat(((Number) summary.get("hitRatio")).doubleValue()).isEqualTo(1.0);
      @SuppressWarnings("unchecked")
      Map<String, Object> total = (Map<String, Object>) ((Map<String, Object>) summary.get("latencyMicros")).get("total");
      assertThat(((Number) total.get("p50")).doubleValue()).isPositive().isLessThanOrEqualTo(((Number) total.get("p99")).doubleValue());
      assertThat(((Number) total.get("p99")).doubleValue()).isLessThanOrEqualTo(((Number) total.get("max")).doubleValue());

      assertThat(Files.readAllLines(out.resolve("total.hgrm"))).anyMatch(l -> l.contains("#[Mean"));
      assertThat(out.resolve("get.hgrm")).isNotEmptyFile();
      assertThat(out.resolve("latency.hlog")).content().contains("Tag=total");
      assertThat(out.resolve("plot.html")).content().contains("<svg").contains("polyline");
    }
  }

  /** The binary protocol against memcached's: single-key gets (GET) and multi-gets (GETKQ..., NOOP). */
  @Test
  @Timeout(30)
  void binaryProtocolRunsAgainstMemcachedCountHitsAndSets() throws Exception {
    assumeTrue(MemcachedProcess.available(), "Debian memcached is not installed");
    try (MemcachedProcess memcached = MemcachedProcess.start(64)) {
      for (int multiGet : new int[] {1, 3}) {
        LoadReport report = shortRun(List.of(new InetSocketAddress("127.0.0.1", memcached.port())), Protocol.BINARY,
            multiGet, out.resolve("binary-m" + multiGet));
        assertNoErrorsAndAllHit(report);
      }
    }
  }

  /** A ringcache node on a unix domain socket alone (memcached's -s), driven in both protocols. */
  @Test
  @Timeout(30)
  void unixSocketRunsAgainstANodeInBothProtocols() throws Exception {
    java.nio.file.Path socket = out.resolve("node.sock");
    try (io.ringcache.node.CacheNode node = io.ringcache.node.CacheNode.start(io.ringcache.node.NodeSettings.builder()
        .host("127.0.0.1").port(0).eventLoopThreads(1)
        .unixSocket(new io.ringcache.node.UnixSocket(socket, 0700, false)).build())) {
      for (Protocol protocol : Protocol.values()) {
        LoadReport report = shortRun(List.of(java.net.UnixDomainSocketAddress.of(socket)), protocol, 1,
            out.resolve("unix-" + protocol));
        assertNoErrorsAndAllHit(report);
      }
    }
  }

  private static LoadReport shortRun(List<? extends java.net.SocketAddress> servers, Protocol protocol, int multiGet,
      Path dir) throws Exception {
    LoadSettings settings =
        LoadSettings.builder()
            .servers(servers)
            .protocol(protocol)
            .connections(2)
            .pipeline(4)
            .duration(Duration.ofMillis(500))
            .warmup(Duration.ofMillis(100))
            .prefill(true)
            .keyCount(2_000)
            .multiGet(multiGet)
            .mix(new Mix(1, 10))
            .outputDirectory(dir)
            .progress(false)
            .build();
    return new LoadGenerator(settings, System.out).run();
  }

  private static void assertNoErrorsAndAllHit(LoadReport report) {
    assertThat(report.valid()).isTrue();
    assertThat(report.replies().get(CommandKind.SET)).isPositive();
    assertThat(report.replies().get(CommandKind.GET)).isPositive();
    assertThat(report.protocolErrors() + report.disconnects() + report.errorReplies()
        + report.clientErrorReplies() + report.serverErrorReplies()).isZero();
    assertThat(report.prefilledKeys()).isEqualTo(2_000);
    assertThat(report.misses()).isZero();
    assertThat(report.hits()).isPositive();
  }

  @Test
  @Timeout(30)
  void openLoopRunKeepsTheRateAndBothHistograms() throws Exception {
    assumeTrue(MemcachedProcess.available(), "Debian memcached is not installed");
    try (MemcachedProcess memcached = MemcachedProcess.start(64)) {
      LoadSettings settings =
          LoadSettings.builder()
              .servers(List.of(new InetSocketAddress("127.0.0.1", memcached.port())))
              .connections(4)
              .requests(2_000)
              .rate(2_000)
              .warmup(Duration.ZERO)
              .keyCount(1_000)
              .mix(new Mix(0, 1))
              .outputDirectory(out)
              .progress(false)
              .build();
      LoadReport report = new LoadGenerator(settings, System.out).run();
      ReportWriter.writeAll(report, out);

      assertThat(report.valid()).isTrue();
      assertThat(report.workloadOps()).isEqualTo(2_000);
      // nothing was stored, so every get misses
      assertThat(report.hits()).isZero();
      assertThat(report.misses()).isEqualTo(2_000);
      // 2,000 requests at 2,000/s take about a second; a generator ignoring the rate takes far less
      assertThat(report.measuredSeconds()).isGreaterThan(0.9);
      assertThat(out.resolve("total-uncorrected.hgrm")).isNotEmptyFile();
      assertThat(report.totalCorrected().getValueAtPercentile(50))
          .isGreaterThanOrEqualTo(report.totalUncorrected().getValueAtPercentile(50));
    }
  }
}
