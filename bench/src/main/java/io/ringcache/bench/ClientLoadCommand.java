package io.ringcache.bench;

import io.ringcache.bench.load.Mix;
import io.ringcache.bench.load.ValueSize;
import io.ringcache.client.AsyncCacheClient;
import io.ringcache.client.ClientSettings;
import io.ringcache.client.ClusterClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Load through ringcache's own Java client, so the smart client (ring routing, one pipelined
 * connection per member) is measured against the same client sending everything to one address (a
 * single node that forwards, or twemproxy): the client code is the same, only the routing differs.
 */
@Command(
    name = "client-load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Closed-loop load through ringcache's Java client: --concurrency requests always outstanding,",
      "uniform keys, fixed-size values, a set:get mix. Prints ops/s and latency percentiles, and a",
      "RESULT line for scripts."
    })
final class ClientLoadCommand implements Callable<Integer> {
  @Option(names = {"-s", "--seeds"}, required = true, split = ",", paramLabel = "HOST:PORT",
      description = "Seeds: cluster members (the ring is followed) or fixed servers.")
  List<String> seeds;

  @Option(names = "--fixed", description = "Use the seeds as fixed servers (ketama) without asking for a ring, e.g. twemproxy or one node as a single entry point.")
  boolean fixed;

  @Option(names = {"-c", "--concurrency"}, defaultValue = "50", description = "Requests outstanding at all times (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = {"-t", "--threads"}, defaultValue = "1", description = "Client I/O threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Mixin LoadPhaseOptions phase;

  /** Values of one size only (-v N): MIN-MAX is refused. */
  @Mixin KeySpaceOptions keySpace;

  @Option(names = "--label", defaultValue = "client", description = "Name printed on the RESULT line.")
  String label;

  @Option(names = "--per-second", description = "Also print a SECOND line (unix time, ops, errors) for every second measured.")
  boolean perSecond;

  private final LongAdder ops = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Recorder latency = new Recorder(60_000_000L, 3);
  private final AtomicBoolean stop = new AtomicBoolean();
  private int keys;
  private int sets;
  private int period;
  private byte[] value;

  @Override
  public Integer call() throws Exception {
    Mix mix = keySpace.mix();
    sets = mix.sets();
    period = mix.sets() + mix.gets();
    ValueSize size = keySpace.valueSize();
    if (size.min() != size.max()) {
      throw new CommandLine.ParameterException(new CommandLine(this), "client-load takes one value size (-v N), not " + size);
    }
    if (keySpace.keys > Integer.MAX_VALUE) {
      throw new CommandLine.ParameterException(new CommandLine(this), "client-load takes at most " + Integer.MAX_VALUE + " keys");
    }
    keys = (int) keySpace.keys;
    value = new byte[size.min()];
    ThreadLocalRandom.current().nextBytes(value);
    ClusterClient.Builder builder = ClusterClient.builder().seeds(seeds.toArray(String[]::new))
        .ioThreads(threads).settings(ClientSettings.lan().toBuilder().requestTimeout(Duration.ofSeconds(5)).build());
    if (fixed) {
      builder.fixedServers();
    }
    try (ClusterClient client = builder.connect()) {
      AsyncCacheClient<byte[]> cache = client.async();
      System.out.printf("%s: %s, %d members%n", label, client.followsCluster() ? "following the ring" : "fixed servers",
          client.topology().ring().members().size());
      if (phase.prefill) {
        prefill(cache);
      }
      run(cache, phase.warmupSeconds);
      latency.getIntervalHistogram();
      long errorsBefore = errors.sum();
      long opsBefore = ops.sum();
      long start = System.nanoTime();
      run(cache, phase.durationSeconds);
      double seconds = (System.nanoTime() - start) / 1e9;
      Histogram h = latency.getIntervalHistogram();
      long done = ops.sum() - opsBefore;
      long failed = errors.sum() - errorsBefore;
      System.out.printf(Locale.ROOT, "RESULT label=%s ops_per_s=%.0f p50_us=%d p99_us=%d p999_us=%d errors=%d%n",
          label, done / seconds, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
          h.getValueAtPercentile(99.9), failed);
      client.metrics().forEach((node, m) -> System.out.printf("  %s: %d requests, %d failed%n", node,
          m.succeeded(), m.failed()));
    }
    return 0;
  }

  private void prefill(AsyncCacheClient<byte[]> cache) throws InterruptedException {
    java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(256);
    for (int i = 0; i < keys; i++) {
      window.acquire();
      cache.set(key(i), 0, value).whenComplete((ok, failure) -> window.release());
    }
    window.acquire(256);
  }

  /** Keeps {@link #concurrency} requests outstanding for {@code seconds}: each completion sends the next. */
  private void run(AsyncCacheClient<byte[]> cache, double seconds) throws InterruptedException {
    stop.set(false);
    CountDownLatch drained = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) {
      next(cache, drained);
    }
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long lastOps = ops.sum();
    long lastErrors = errors.sum();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
      if (perSecond) {
        long nowOps = ops.sum();
        long nowErrors = errors.sum();
        System.out.printf(Locale.ROOT, "SECOND %d ops=%d errors=%d%n", System.currentTimeMillis() / 1000,
            nowOps - lastOps, nowErrors - lastErrors);
        lastOps = nowOps;
        lastErrors = nowErrors;
      }
    }
    stop.set(true);
    if (!drained.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("requests still outstanding 30 s after the load stopped");
    }
  }

  private void next(AsyncCacheClient<byte[]> cache, CountDownLatch drained) {
    if (stop.get()) {
      drained.countDown();
      return;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String key = key(random.nextInt(keys));
    long start = System.nanoTime();
    var request = random.nextInt(period) < sets ? cache.set(key, 0, value) : cache.get(key);
    java.util.function.BiConsumer<Object, Throwable> onAnswer = (answer, failure) -> {
      if (failure != null) {
        errors.increment();
      } else {
        latency.recordValue(Math.min(60_000_000L, (System.nanoTime() - start) / 1000));
      }
      ops.increment();
      next(cache, drained);
    };
    // an answer that is already there (a request refused at once) continues on another thread, so a
    // run of refusals cannot grow the stack without bound
    if (request.isDone()) {
      request.whenCompleteAsync(onAnswer);
    } else {
      request.whenComplete(onAnswer);
    }
  }

  private static String key(int i) {
    return "key:" + i;
  }
}
