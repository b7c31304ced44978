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

/** The striped latency histogram: every observation counted once, in its bucket, whichever thread made it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandLatencyTest {

    private static final Command GET = new Command.Retrieve(false, false, 0, new ItemKey[] {ItemKey.of("k")});
    private static final Command DELETE = new Command.Delete(ItemKey.of("k"), false);

    @Test
    void eachDurationLandsInTheFirstBucketItDoesNotExceed() {
        CommandLatency latency = new CommandLatency();
        latency.executed(GET, 5_000);        // exactly 5 µs: le="5.0E-6"
        latency.executed(GET, 5_001);        // just over: le="1.0E-5"
        latency.executed(GET, 2_000_000_000L); // 2 s: only +Inf
        latency.executed(DELETE, 30_000);

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
                    latency.executed(GET, 7_000);
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
        latency.executed(GET, 3_000);
        latency.executed(GET, 20_000);
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

    private static HistogramDataPointSnapshot point(HistogramSnapshot snapshot, String command) {
        return snapshot.getDataPoints().stream().filter(p -> command.equals(p.getLabels().get("command"))).findFirst().orElseThrow();
    }
}
