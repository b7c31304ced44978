package io.ringcache.node.admin;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns this node's {@code stats} into Prometheus metrics at scrape time, through {@link StatMetrics}:
 * the counters are the ones the node keeps anyway, so metrics add nothing to the request path.
 */
final class StatsCollector implements MultiCollector {

    static final String UNMAPPED = "ringcache_unmapped_stat";

    private final Supplier<Map<String, String>> stats;

    StatsCollector(Supplier<Map<String, String>> stats) {
        this.stats = stats;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, String> now = stats.get();
        Map<String, List<Point>> families = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (StatMetrics.NOT_METRICS.contains(e.getKey())) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(e.getValue());
            } catch (NumberFormatException notANumber) {
                continue;
            }
            StatMetric metric = StatMetrics.BY_STAT.get(e.getKey());
            if (metric == null) {
                metric = StatMetric.gauge(e.getKey(), UNMAPPED,
                        "A stats line without a metric of its own yet (add it to StatMetrics)", "stat", e.getKey());
            }
            families.computeIfAbsent(metric.family(), f -> new ArrayList<>()).add(new Point(metric, value * metric.scale()));
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        for (List<Point> points : families.values()) {
            snapshots.add(snapshot(points));
        }
        snapshots.add(InfoSnapshot.builder().name("ringcache").help("This node's version")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                        .labels(Labels.of("version", now.getOrDefault("version", "unknown"))).build())
                .build());
        return new MetricSnapshots(snapshots);
    }

    private static MetricSnapshot snapshot(List<Point> points) {
        StatMetric first = points.get(0).metric();
        if (first.counter()) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(first.family()).help(first.help());
            for (Point p : points) {
                b.dataPoint(CounterDataPointSnapshot.builder().labels(labels(p.metric())).value(p.value()).build());
            }
            return b.build();
        }
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(first.family()).help(first.help());
        for (Point p : points) {
            b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(p.metric())).value(p.value()).build());
        }
        return b.build();
    }

    private static Labels labels(StatMetric metric) {
        return metric.labels().isEmpty() ? Labels.EMPTY : Labels.of(metric.labels().toArray(String[]::new));
    }

    private record Point(StatMetric metric, double value) {
    }
}
