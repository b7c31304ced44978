package io.ringcache.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.store.ItemKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The striped latency histogram: every command counted once, in the bucket of its read's time, whichever
 * thread ran it; the commands of one read share that read's time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandLatencyTest {

    private static final Command GET = new Command.Retrieve(false, false, 0, new ItemKey[] {ItemKey.of("k")});
    private static final Command DELETE = new Command.Delete(ItemKey.of("k"), false);

    @Test
    void eachDurationLandsInTheFirstBucketItDoesNotExceed() {
        CommandLatency latency = new CommandLatency();
        read(latency, 5_000, GET);             // exactly 5 µs: le="5.0E-6"
        read(latency, 5_001, GET);             // just over: le="1.0E-5"
        read(latency, 2_000_000_000L, GET);    // 2 s: only +Inf
        read(latency, 30_000, DELETE);

        HistogramDataPointSnapshot get = point(latency.collect(), "get");
        assertThat(get.getCount()).isEqualTo(3);
        assertThat(get.getSum()).isEqualTo((5_000 + 5_001 + 2_000_000_000L) / 1e9);
        assertThat(get.getClassicBuckets().getCount(0)).isEqualTo(1);
        assertThat(get.getClassicBuckets().getCount(1)).isEqualTo(1);
        assertThat(get.getClassicBuckets().getUpperBound(get.getClassicBuckets().size() - 1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(get.getClassicBuckets().getCount(get.getClassicBuckets().size() - 1)).isEqualTo(1);
        assertThat(point(latency.collect(), "delete").getCount()).isEqualTo(1);
        assertThat(point(latency.collect(), "set").getCount()).isZero();
    }

    @Test
    void observationsOfManyThreadsAreAllCounted() throws Exception {
        CommandLatency latency = new CommandLatency();
        int threads = 4;
        int each = 100_000;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    read(latency, 7_000, GET);
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join(30_000);
        }
        HistogramDataPointSnapshot get = point(latency.collect(), "get");
        assertThat(get.getCount()).isEqualTo((long) threads * each);
        assertThat(get.getClassicBuckets().getCount(1)).isEqualTo((long) threads * each);
        assertThat(get.getSum()).isEqualTo((long) threads * each * 7_000 / 1e9);
    }

    @Test
    void exposedAsAPrometheusHistogramWithCumulativeBuckets() throws Exception {
        CommandLatency latency = new CommandLatency();
        read(latency, 3_000, GET);
        read(latency, 20_000, GET);
        PrometheusRegistry registry = new PrometheusRegistry();
        latency.registerIn(registry);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).contains("# TYPE ringcache_command_duration_seconds histogram",
                "ringcache_command_duration_seconds_bucket{command=\"get\",le=\"5.0E-6\"} 1",
                "ringcache_command_duration_seconds_bucket{command=\"get\",le=\"2.5E-5\"} 2",
                "ringcache_command_duration_seconds_bucket{command=\"get\",le=\"+Inf\"} 2",
                "ringcache_command_duration_seconds_count{command=\"get\"} 2",
                "ringcache_command_duration_seconds_count{command=\"set\"} 0");
    }

    @Test
    void theCommandsOfOneReadShareItsTimeAndAReadWithoutCommandsCountsNothing() {
        CommandLatency latency = new CommandLatency();
        read(latency, 40_000, GET, GET, DELETE, GET); // one pipelined read: 40 µs, le="5.0E-5"
        latency.readEnded(3_000);                    // part of a large value: no command ended
        read(latency, 2_000, GET);                   // the next read: only its own command

        HistogramDataPointSnapshot get = point(latency.collect(), "get");
        assertThat(get.getCount()).isEqualTo(4);
        assertThat(get.getClassicBuckets().getCount(0)).isEqualTo(1);
        assertThat(get.getClassicBuckets().getCount(3)).isEqualTo(3);
        assertThat(get.getSum()).isEqualTo((3 * 40_000 + 2_000) / 1e9);
        HistogramDataPointSnapshot delete = point(latency.collect(), "delete");
        assertThat(delete.getCount()).isEqualTo(1);
        assertThat(delete.getClassicBuckets().getCount(3)).isEqualTo(1);
        assertThat(delete.getSum()).isEqualTo(40_000 / 1e9);
    }

    /** One socket read that ran {@code commands} and took {@code nanos}. */
    private static void read(CommandLatency latency, long nanos, Command... commands) {
        for (Command command : commands) {
            latency.executed(command);
        }
        latency.readEnded(nanos);
    }

    private static HistogramDataPointSnapshot point(HistogramSnapshot snapshot, String command) {
        return snapshot.getDataPoints().stream().filter(p -> command.equals(p.getLabels().get("command"))).findFirst().orElseThrow();
    }
}
