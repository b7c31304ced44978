package io.ringcache.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one load: connect, optionally prefill every key, warm up, measure, drain. Prints a progress
 * line each second, appends every interval's histograms to {@code latency.hlog} in the output
 * directory, and returns the {@link LoadReport} of the measured phase.
 */
public final class LoadGenerator {
  static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);

  private static final long CONNECT_TIMEOUT_MS = 5_000;
  /** A healthy server answers everything in flight well within this after we stop sending. */
  private static final long DRAIN_TIMEOUT_MS = 10_000;

  private final LoadSettings settings;
  private final PrintStream console;

  public LoadGenerator(LoadSettings settings, PrintStream console) {
    this.settings = settings;
    this.console = console;
  }

  public LoadReport run() throws IOException, InterruptedException {
    Files.createDirectories(settings.outputDirectory());
    KeySpace keys = new KeySpace(settings.keyCount(), settings.keyPrefix());
    Workload workload =
        new Workload(
            keys,
            settings.keyChooser(),
            settings.mix(),
            settings.valueSize(),
            settings.multiGet(),
            settings.setOnMiss(),
            settings.protocol());
    LoadStats stats = new LoadStats(settings.openLoop());
    CpuMeter cpu = new CpuMeter(settings.serverPids());
    IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(settings.threads(), io);
    List<Channel> channels = new ArrayList<>();
    List<LoadConnection> connections = new ArrayList<>();
    try (IntervalLog log = new IntervalLog(settings.outputDirectory().resolve("latency.hlog"))) {
      connect(group, workload, stats, channels, connections);

      long prefilled = 0;
      double prefillSeconds = 0;
      if (settings.prefill()) {
        long start = System.nanoTime();
        prefilled = prefill(keys.count(), stats, channels, connections);
        prefillSeconds = (System.nanoTime() - start) / 1e9;
      }

      if (!settings.warmup().isZero()) {
        runPhase("warmup", settings.warmup().toMillis(), -1, stats, channels, connections, i -> { });
      }
      stats.drain(0, 0); // warm-up samples are discarded, and the recorders' intervals restart now
      log.start();
      long start = System.nanoTime();
      double genCpu0 = cpu.generatorSeconds();
      double serverCpu0 = cpu.serverSeconds();
      LoadTotals totals = new LoadTotals(settings.openLoop());
      long durationMs = settings.requests() > 0 ? Long.MAX_VALUE : settings.duration().toMillis();
      runPhase("measure", durationMs, settings.requests(), stats, channels, connections, interval -> {
        totals.add(interval);
        log.write(interval);
      });
      LoadStats.Interval tail = stats.drain(start, System.nanoTime());
      totals.add(tail);
      log.write(tail);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<CommandKind, Long> replies = new EnumMap<>(CommandKind.class);
      for (CommandKind kind : CommandKind.VALUES) {
        replies.put(kind, totals.replies[kind.ordinal()]);
      }
      return new LoadReport(
          settings,
          seconds,
          totals.corrected,
          totals.uncorrected,
          replies,
          totals.hits,
          totals.misses,
          totals.notStored,
          totals.errorReplies,
          totals.clientErrorReplies,
          totals.serverErrorReplies,
          totals.protocolErrors,
          totals.disconnects,
          prefilled,
          prefillSeconds,
          cpu.generatorSeconds() - genCpu0,
          cpu.serverSeconds() - serverCpu0);
    } finally {
      for (Channel channel : channels) {
        channel.close();
      }
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private void connect(
      EventLoopGroup group,
      Workload workload,
      LoadStats stats,
      List<Channel> channels,
      List<LoadConnection> connections)
      throws IOException, InterruptedException {
    double perConnectionRate = settings.rate() / settings.connections();
    long intervalNanos = settings.openLoop() ? Math.max(1, (long) (1e9 / perConnectionRate)) : 0;
    for (int i = 0; i < settings.connections(); i++) {
      SocketAddress server = settings.servers().get(i % settings.servers().size());
      boolean unix = server instanceof UnixDomainSocketAddress;
      LoadConnection connection =
          new LoadConnection(workload, stats, settings.seed() * 1_000_003L + i, settings.pipeline(), intervalNanos);
      Bootstrap bootstrap =
          new Bootstrap()
              .group(group)
              .channel(channelClass(unix))
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT_MS)
              .handler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      if (settings.tls() != null) {
                        // requests written before the handshake ends wait in the handler, then go out
                        ch.pipeline().addLast(server instanceof InetSocketAddress inet
                            ? settings.tls().newHandler(ch.alloc(), inet.getHostString(), inet.getPort())
                            : settings.tls().newHandler(ch.alloc()));
                      }
                      ch.pipeline().addLast(settings.protocol() == Protocol.BINARY
                          ? new BinaryResponseParser(connection) : new ResponseParser(connection), connection);
                    }
                  });
      if (!unix) {
        bootstrap.option(ChannelOption.TCP_NODELAY, true);
      }
      var future = bootstrap.connect(unix && Epoll.isAvailable()
          ? new DomainSocketAddress(((UnixDomainSocketAddress) server).getPath().toFile()) : server);
      if (!future.await(CONNECT_TIMEOUT_MS + 1_000) || !future.isSuccess()) {
        throw new IOException("cannot connect to " + LoadSettings.show(server)
            + (future.cause() == null ? " (timed out)" : ": " + future.cause().getMessage()));
      }
      channels.add(future.channel());
      connections.add(connection);
    }
  }

  /** Epoll's channels where the machine has epoll (the event loops are epoll then), NIO's otherwise. */
  private static Class<? extends Channel> channelClass(boolean unix) {
    if (Epoll.isAvailable()) {
      return unix ? EpollDomainSocketChannel.class : EpollSocketChannel.class;
    }
    return unix ? NioDomainSocketChannel.class : NioSocketChannel.class;
  }

  /** Sets every key once, each connection a contiguous slice; returns the keys written. */
  private long prefill(int keyCount, LoadStats stats, List<Channel> channels, List<LoadConnection> connections)
      throws InterruptedException {
    int n = connections.size();
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      long from = (long) keyCount * i / n;
      long to = (long) keyCount * (i + 1) / n;
      LoadConnection connection = connections.get(i);
      channels.get(i).eventLoop().execute(() -> connection.startPrefill(from, to, done));
    }
    long loaded = 0;
    long start = System.nanoTime();
    while (!done.await(1, TimeUnit.SECONDS)) {
      loaded += stats.drain(0, 0).replies(CommandKind.PREFILL);
      progress(String.format("[prefill %4ds] %,d of %,d keys", (System.nanoTime() - start) / 1_000_000_000, loaded, keyCount));
    }
    LoadStats.Interval last = stats.drain(0, 0);
    loaded += last.replies(CommandKind.PREFILL);
    if (last.protocolErrors() + last.disconnects() > 0 || loaded < keyCount) {
      throw new IllegalStateException("prefill stopped after " + loaded + " of " + keyCount + " keys");
    }
    progress(String.format("[prefill done] %,d keys in %.1f s", loaded, (System.nanoTime() - start) / 1e9));
    return loaded;
  }

  /**
   * Runs the workload for {@code durationMs} or until {@code requests} have been answered, hands
   * each one-second interval to {@code sink}, then stops sending and waits for the replies still
   * in flight.
   */
  private void runPhase(
      String name,
      long durationMs,
      long requests,
      LoadStats stats,
      List<Channel> channels,
      List<LoadConnection> connections,
      Consumer<LoadStats.Interval> sink)
      throws InterruptedException {
    int n = connections.size();
    CountDownLatch quotaDone = new CountDownLatch(requests > 0 ? n : 1);
    long start = System.nanoTime();
    long interval = settings.openLoop() ? Math.max(1, (long) (1e9 * n / settings.rate())) : 0;
    for (int i = 0; i < n; i++) {
      long quota = requests > 0 ? requests / n + (i < requests % n ? 1 : 0) : -1;
      long firstSend = start + interval * i / n; // stagger the connections' intended times
      LoadConnection connection = connections.get(i);
      channels.get(i).eventLoop().execute(() -> connection.startRun(quota, requests > 0 ? quotaDone : null, firstSend));
    }
    long deadline = durationMs == Long.MAX_VALUE ? Long.MAX_VALUE : start + durationMs * 1_000_000L;
    long intervalStart = start;
    long nextTick = start + 1_000_000_000L;
    while (true) {
      long now = System.nanoTime();
      long wait = Math.min(nextTick, deadline) - now;
      boolean finished = requests > 0 && quotaDone.await(Math.max(0, wait), TimeUnit.NANOSECONDS);
      if (requests <= 0 && wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      now = System.nanoTime();
      if (now >= nextTick || finished || now >= deadline) {
        LoadStats.Interval sample = stats.drain(intervalStart, now);
        sink.accept(sample);
        printProgress(name, (now - start) / 1e9, sample);
        intervalStart = now;
        nextTick = now + 1_000_000_000L;
      }
      if (finished || now >= deadline || allClosed(channels)) {
        break;
      }
    }
    CountDownLatch drained = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      LoadConnection connection = connections.get(i);
      channels.get(i).eventLoop().execute(() -> connection.stop(drained));
    }
    if (!drained.await(DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
      LOG.warn("{} replies still missing {} ms after the {} phase ended", drained.getCount(), DRAIN_TIMEOUT_MS, name);
    }
  }

  private static boolean allClosed(List<Channel> channels) {
    for (Channel channel : channels) {
      if (channel.isActive()) {
        return false;
      }
    }
    return true;
  }

  private void printProgress(String phase, double elapsedSeconds, LoadStats.Interval sample) {
    double seconds = Math.max(1e-9, (sample.endNanos() - sample.startNanos()) / 1e9);
    Histogram total = LoadTotals.workloadTotal(sample.corrected());
    long keys = sample.hits() + sample.misses();
    long errors = sample.errorReplies() + sample.clientErrorReplies() + sample.serverErrorReplies()
        + sample.protocolErrors() + sample.disconnects();
    progress(String.format(
        "[%s %4.0fs] %,10.0f ops/s  get %,9.0f  set %,8.0f  hit %5.1f%%  p50 %s  p99 %s  p99.9 %s  max %s  errors %d",
        phase,
        elapsedSeconds,
        sample.workloadOps() / seconds,
        sample.replies(CommandKind.GET) / seconds,
        sample.replies(CommandKind.SET) / seconds,
        keys == 0 ? Double.NaN : 100.0 * sample.hits() / keys,
        Micros.format(total.getValueAtPercentile(50)),
        Micros.format(total.getValueAtPercentile(99)),
        Micros.format(total.getValueAtPercentile(99.9)),
        Micros.format(total.getMaxValue()),
        errors));
  }

  private void progress(String line) {
    if (settings.progress()) {
      console.println(line);
    }
  }
}
