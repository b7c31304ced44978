package io.ringcache.node.admin;

import java.util.List;

/**
 * How one line of {@code stats} appears in Prometheus: the metric family it feeds, counter or gauge,
 * the labels that tell it apart from the family's other lines, and a scale to base units. Metric
 * names follow Prometheus' conventions: a {@code ringcache_} prefix, base units (seconds, bytes), and
 * counters exposed with {@code _total} (the family name here is without it).
 */
record StatMetric(String stat, String family, boolean counter, String help, double scale, List<String> labels) {

    static StatMetric counter(String stat, String family, String help, String... labels) {
        return new StatMetric(stat, family, true, help, 1, List.of(labels));
    }

    static StatMetric gauge(String stat, String family, String help, String... labels) {
        return new StatMetric(stat, family, false, help, 1, List.of(labels));
    }

    /** A gauge kept in milliseconds by {@code stats}, exposed in seconds. */
    static StatMetric millisGauge(String stat, String family, String help) {
        return new StatMetric(stat, family, false, help, 0.001, List.of());
    }
}
