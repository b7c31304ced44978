package io.ringcache.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.admin.CommandLatency;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.server.CommandExecutor;
import io.ringcache.node.server.DeferredReply;
import io.ringcache.node.server.LocalExecutor;
import io.ringcache.node.server.NodeStats;
import io.ringcache.node.server.ObservedExecutor;
import io.ringcache.node.server.ReplySink;
import io.ringcache.node.server.StatsReport;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.StoreMode;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * What the admin port's latency histograms add to each command: a get of a 100-byte value (10,000
 * keys, uniform) through the node's executor, without and with {@link ObservedExecutor} and
 * {@link CommandLatency} (the only request-path cost of metrics), two threads as two event loops.
 * The difference of the two is the per-command cost, in CPU time, whatever else the machine does.
 *
 * <p>That difference is small against a get's own time and its noise, so the {@code observe}
 * benchmarks measure the added work alone, per command: a read's two clock reads (the connection
 * pipeline's CommandClock) and the counting, for a read of one command ({@code observe}) and of 16
 * pipelined commands ({@code observePipelined16}). {@code observePrometheusHistogram} is what was
 * added before: two clock reads per command and Prometheus' own {@code Histogram} (what
 * {@link CommandLatency} used before its per-thread stripes).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar ObserverBenchmark -f 3 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class ObserverBenchmark {

    private static final int KEYS = 10_000;
    private CommandExecutor plain;
    private CommandExecutor observed;
    private Command[] gets;
    private CommandLatency latency;
    private DistributionDataPoint prometheusGet;

    /** Answers go into one buffer per thread, emptied before every command. */
    @State(Scope.Thread)
    public static class Sink implements ReplySink {
        final ByteBuf out = Unpooled.buffer(4096);
        final SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());

        @Override
        public ByteBuf buffer() {
            return out;
        }

        @Override
        public void writeValue(byte[] array, int offset, int length) {
            out.writeBytes(array, offset, length);
        }

        @Override
        public DeferredReply defer() {
            throw new UnsupportedOperationException("local commands answer at once");
        }

        @Override
        public void closeAfterReplies() {
        }
    }

    @Setup
    public void fill() {
        NodeSettings settings = NodeSettings.builder().build();
        ItemStore store = new ItemStore(64L << 20, true, settings.clock());
        NodeStats stats = new NodeStats();
        plain = new LocalExecutor(store, stats, new StatsReport(settings, stats, store));
        latency = new CommandLatency();
        observed = new ObservedExecutor(plain, latency);
        prometheusGet = Histogram.builder().name("command_duration_seconds").help("before").labelNames("command")
                .classicOnly().classicUpperBounds(0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
                        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1)
                .withoutExemplars().build().labelValues("get");
        gets = new Command[KEYS];
        for (int i = 0; i < KEYS; i++) {
            ItemKey key = ItemKey.of(String.format("key:%010d", i));
            store.store(StoreMode.SET, key, Items.allocate(key, 100), 0, 0, 0);
            gets[i] = new Command.Retrieve(false, false, 0, new ItemKey[] {key});
        }
    }

    @Benchmark
    public int get(Sink sink) {
        sink.out.clear();
        plain.execute(gets[sink.random.nextInt(KEYS)], sink);
        return sink.out.writerIndex();
    }

    /** What metrics add to a read of one command: the read's two clock reads and the command counted. */
    @Benchmark
    public long observe() {
        long start = System.nanoTime();
        latency.executed(gets[0]);
        long nanos = System.nanoTime() - start;
        latency.readEnded(nanos);
        return nanos;
    }

    /** The same for a read of 16 pipelined commands, per command. */
    @Benchmark
    @OperationsPerInvocation(16)
    public long observePipelined16() {
        long start = System.nanoTime();
        for (int i = 0; i < 16; i++) {
            latency.executed(gets[i]);
        }
        long nanos = System.nanoTime() - start;
        latency.readEnded(nanos);
        return nanos;
    }

    /**
     * What it added before: two clock reads and an observation of Prometheus' Histogram data point
     * (the label looked up once, as CommandLatency did).
     */
    @Benchmark
    public long observePrometheusHistogram() {
        long start = System.nanoTime();
        long nanos = System.nanoTime() - start;
        prometheusGet.observe(nanos / 1e9);
        return nanos;
    }

    @Benchmark
    public int getObserved(Sink sink) {
        sink.out.clear();
        observed.execute(gets[sink.random.nextInt(KEYS)], sink);
        return sink.out.writerIndex();
    }
}
