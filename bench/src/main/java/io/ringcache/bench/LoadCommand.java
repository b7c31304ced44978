package io.ringcache.bench;

import io.ringcache.bench.load.LoadGenerator;
import io.ringcache.bench.load.LoadReport;
import io.ringcache.bench.load.LoadSettings;
import io.ringcache.bench.report.PercentilePlot;
import io.ringcache.bench.report.ReportWriter;
import io.ringcache.bench.load.Protocol;
import io.ringcache.ring.HostPort;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Drives memcached-speaking servers with the text or binary protocol and reports throughput, hit ratio",
      "and latency percentiles (HdrHistogram; open loop corrected for coordinated omission).",
      "Writes summary.json, *.hgrm, latency.hlog and plot.html into --out."
    })
final class LoadCommand implements Callable<Integer> {
  @Option(names = {"-s", "--servers"}, required = true, split = ",", paramLabel = "HOST:PORT|PATH",
      description = "Servers (host:port, or a unix socket's path); connections are spread over them round-robin (keys are not routed).")
  List<String> servers;

  @Option(names = "--protocol", defaultValue = "text", description = "text or binary: the memcached protocol to speak (default ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = {"-c", "--connections"}, defaultValue = "50", description = "Connections in total (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = {"-P", "--pipeline"}, defaultValue = "1", description = "Requests in flight per connection (default ${DEFAULT-VALUE}).")
  int pipeline;

  @Option(names = {"-t", "--threads"}, defaultValue = "1", description = "Event loop threads of the generator (default ${DEFAULT-VALUE}).")
  int threads;

  @Mixin LoadPhaseOptions phase;

  @Mixin KeySpaceOptions keySpace;

  @Option(names = {"-n", "--requests"}, defaultValue = "0", description = "Measure exactly this many requests instead of --duration.")
  long requests;

  @Option(names = "--key-prefix", defaultValue = "key:", description = "Key prefix before the zero-padded index (default ${DEFAULT-VALUE}).")
  String keyPrefix;

  @Option(names = "--distribution", defaultValue = "uniform",
      description = "uniform, zipf, or loop (a loop over the last --loop-keys keys mixed with zipf over the rest; default ${DEFAULT-VALUE}).")
  String distribution;

  @Option(names = "--zipf", defaultValue = "0.99", description = "Zipf exponent (default ${DEFAULT-VALUE}).")
  double zipfExponent;

  @Option(names = "--loop-keys", defaultValue = "0", description = "With --distribution loop: keys in the loop, at the end of the key space.")
  long loopKeys;

  @Option(names = "--loop-share", defaultValue = "0.5", description = "With --distribution loop: share of requests that take the loop's next key (default ${DEFAULT-VALUE}).")
  double loopShare;

  @Option(names = {"-m", "--multiget"}, defaultValue = "1", description = "Keys per get (default ${DEFAULT-VALUE}).")
  int multiGet;

  @Option(names = "--set-on-miss", description = "Cache-aside: after a get misses, set that key (timed as 'fill').")
  boolean setOnMiss;

  @Option(names = {"-R", "--rate"}, defaultValue = "0", description = "Open loop at this many requests/s in total; 0 = closed loop, as fast as possible.")
  double rate;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--target", defaultValue = "server", description = "Name of the server under test, for reports (default ${DEFAULT-VALUE}).")
  String target;

  @Option(names = "--workload", defaultValue = "default", description = "Name of the workload, for reports (default ${DEFAULT-VALUE}).")
  String workload;

  @Option(names = {"-o", "--out"}, description = "Output directory (default bench-results/load-<time>).")
  Path out;

  @Option(names = "--server-pid", split = ",", description = "Server process ids whose CPU use to report.")
  List<Long> serverPids = new ArrayList<>();

  @Option(names = "--tls-ca", paramLabel = "PEM", description = "TLS to the servers, trusting the CA in this file (memcached -Z, ringcache -Z).")
  java.io.File tlsCa;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Path dir = out != null ? out
        : Path.of("bench-results", "load-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    LoadSettings settings =
        LoadSettings.builder()
            .servers(parseServers(servers))
            .protocol(Protocol.parse(protocol))
            .connections(connections)
            .pipeline(pipeline)
            .threads(threads)
            .duration(Duration.ofMillis((long) (phase.durationSeconds * 1000)))
            .requests(requests)
            .warmup(Duration.ofMillis((long) (phase.warmupSeconds * 1000)))
            .prefill(phase.prefill)
            .keyCount(keySpace.keys)
            .keyPrefix(keyPrefix)
            .distribution(LoadSettings.Distribution.valueOf(distribution.toUpperCase(java.util.Locale.ROOT)))
            .zipfExponent(zipfExponent)
            .loopKeys(loopKeys)
            .loopShare(loopShare)
            .valueSize(keySpace.valueSize())
            .mix(keySpace.mix())
            .multiGet(multiGet)
            .setOnMiss(setOnMiss)
            .rate(rate)
            .seed(seed)
            .target(target)
            .workload(workload)
            .outputDirectory(dir)
            .serverPids(serverPids)
            .progress(!quiet)
            .tls(tlsCa == null ? null : io.netty.handler.ssl.SslContextBuilder.forClient().trustManager(tlsCa).build())
            .build();
    LoadReport report = new LoadGenerator(settings, System.out).run();
    ReportWriter.writeAll(report, dir);
    PercentilePlot.writeForRun(dir, report);
    ReportWriter.printTable(report, System.out);
    System.out.println("report: " + dir.toAbsolutePath());
    return report.valid() ? 0 : 2;
  }

  /** {@code host:port}, or a unix domain socket's path (starting with {@code /}, as memcached's {@code -s}). */
  static List<SocketAddress> parseServers(List<String> specs) {
    List<SocketAddress> result = new ArrayList<>();
    for (String spec : specs) {
      if (spec.startsWith("/")) {
        result.add(UnixDomainSocketAddress.of(spec));
        continue;
      }
      HostPort server = HostPort.parse(spec);
      result.add(new InetSocketAddress(server.host(), server.port()));
    }
    return result;
  }
}
