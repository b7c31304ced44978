package io.ringcache.node.admin;

import io.netty.util.concurrent.FastThreadLocal;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.server.CommandObserver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code ringcache_command_duration_seconds{command}}: how long each command's answer waited on its
 * event loop, from the socket read that brought the command to the end of that read's commands
 * ({@link CommandObserver}: pipelined commands share their read's time, as their answers go out
 * together). The one metric that costs on the request path, so it exists only while the admin port is on.
 *
 * <p>Kept cheap (bench/README.md, "Metrics cost"): every thread that runs commands (an event loop)
 * counts into a stripe of its own, found through Netty's {@link FastThreadLocal} (an array index on
 * an event loop thread). A command adds one to its kind's pending count; the end of a read puts the
 * pending counts into the bucket of the read's time with a plain add per kind: no atomic
 * instruction, no cache line shared with the other event loops, no allocation. A scrape adds the
 * stripes up. Prometheus' own {@code Histogram} did more per observation (a striped atomic count, a
 * lambda, adders for buckets, count and sum): its cost was what the bench measured.
 *
 * <p>A stripe's cells have one writer; the scraper reads them with opaque reads, so it sees each
 * count whole and never older than a count it saw before. A scrape is not an atomic cut across
 * buckets, as Prometheus' clients' are not either: a read counted meanwhile may be in one bucket and
 * not yet in the sum, and commands of a read not yet ended are not counted yet.
 */
public final class CommandLatency implements CommandObserver, Collector {

    static final String NAME = "ringcache_command_duration_seconds";
    /** 5 µs to 1 s: a local command takes microseconds, a forwarded one up to the peer timeout. */
    static final double[] BUCKETS = {0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
        0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
    /** The bucket bounds in nanoseconds; a duration goes into the first bucket it does not exceed. */
    private static final long[] BOUNDS_NANOS = new long[BUCKETS.length];
    /** The bounds as exposed, the last one +Inf. */
    private static final double[] UPPER_BOUNDS = new double[BUCKETS.length + 1];
    /** Per kind: one count per bucket, +Inf last, then the sum of nanoseconds. */
    private static final int SLOTS = BUCKETS.length + 2;
    private static final int SUM = BUCKETS.length + 1;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        for (int i = 0; i < BUCKETS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BUCKETS[i] * 1e9);
            UPPER_BOUNDS[i] = BUCKETS[i];
        }
        UPPER_BOUNDS[BUCKETS.length] = Double.POSITIVE_INFINITY;
        if (CommandKind.ALL.length > Long.SIZE) {
            throw new ExceptionInInitializerError("pending kinds are a bit set of one long");
        }
    }

    /** One thread's counts: the published cells and the commands of the read in progress. */
    private static final class Stripe {
        final long[] cells = new long[CommandKind.ALL.length * SLOTS];
        final int[] pending = new int[CommandKind.ALL.length];
        /** Bit k set when pending[k] is not zero. */
        long pendingKinds;
    }

    private final MetricMetadata metadata = new MetricMetadata(NAME,
            "Time a command's answer waited on its event loop: from the read that brought the command to the end of that read's commands (a forwarded command: until it was handed to its owner)");
    private final long createdMillis = System.currentTimeMillis();
    /** Every stripe's cells ever made; threads come and go rarely (event loops live as long as the node). */
    private final List<long[]> stripes = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<Stripe> stripe = new FastThreadLocal<>() {
        @Override
        protected Stripe initialValue() {
            Stripe s = new Stripe();
            stripes.add(s.cells);
            return s;
        }
    };

    @Override
    public void executed(Command command) {
        Stripe s = stripe.get();
        int kind = CommandKind.of(command).ordinal();
        s.pending[kind]++;
        s.pendingKinds |= 1L << kind;
    }

    @Override
    public void readEnded(long nanos) {
        Stripe s = stripe.get();
        long kinds = s.pendingKinds;
        if (kinds == 0) {
            return; // a read that completed no command (part of a large value)
        }
        s.pendingKinds = 0;
        int bucket = 0;
        while (bucket < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[bucket]) {
            bucket++;
        }
        long[] cells = s.cells;
        while (kinds != 0) {
            int kind = Long.numberOfTrailingZeros(kinds);
            kinds &= kinds - 1;
            long count = s.pending[kind];
            s.pending[kind] = 0;
            int at = kind * SLOTS;
            // one writer per stripe: a plain read, an opaque write the scraper reads whole
            CELL.setOpaque(cells, at + bucket, cells[at + bucket] + count);
            CELL.setOpaque(cells, at + SUM, cells[at + SUM] + count * nanos);
        }
    }

    /** The histogram as Prometheus' model has it: the stripes added up, one data point per command kind. */
    @Override
    public HistogramSnapshot collect() {
        List<HistogramDataPointSnapshot> points = new ArrayList<>(CommandKind.ALL.length);
        for (CommandKind kind : CommandKind.ALL) {
            int at = kind.ordinal() * SLOTS;
            long[] counts = new long[UPPER_BOUNDS.length];
            long sumNanos = 0;
            for (long[] cells : stripes) {
                for (int b = 0; b < counts.length; b++) {
                    counts[b] += (long) CELL.getOpaque(cells, at + b);
                }
                sumNanos += (long) CELL.getOpaque(cells, at + SUM);
            }
            points.add(new HistogramDataPointSnapshot(ClassicHistogramBuckets.of(UPPER_BOUNDS, counts), sumNanos / 1e9,
                    Labels.of("command", kind.label), Exemplars.EMPTY, createdMillis));
        }
        return new HistogramSnapshot(metadata, points);
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }

    void registerIn(PrometheusRegistry registry) {
        registry.register(this);
    }
}
