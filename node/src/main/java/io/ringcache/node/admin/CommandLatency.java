package io.ringcache.node.admin;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.server.CommandObserver;

/**
 * {@code ringcache_command_duration_seconds{command}}: how long each command took on its event loop.
 * The one metric that costs on the request path (two clock reads and a bucket increment per
 * command; measured in bench/README.md), so it exists only while the admin port is on. Each
 * command's data point is looked up once, here, never per request.
 */
public final class CommandLatency implements CommandObserver {

    /** 5 µs to 1 s: a local command takes microseconds, a forwarded one up to the peer timeout. */
    static final double[] BUCKETS = {0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
        0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};

    private final Histogram histogram = Histogram.builder()
            .name("ringcache_command_duration_seconds")
            .help("Time a command took on its event loop (a forwarded command: until it was handed to its owner)")
            .labelNames("command")
            .classicOnly()
            .classicUpperBounds(BUCKETS)
            .withoutExemplars()
            .build();
    private final DistributionDataPoint[] byKind = new DistributionDataPoint[CommandKind.ALL.length];

    public CommandLatency() {
        for (CommandKind kind : CommandKind.ALL) {
            byKind[kind.ordinal()] = histogram.labelValues(kind.label);
        }
    }

    @Override
    public void executed(Command command, long nanos) {
        byKind[CommandKind.of(command).ordinal()].observe(nanos / 1e9);
    }

    void registerIn(PrometheusRegistry registry) {
        registry.register(histogram);
    }
}
