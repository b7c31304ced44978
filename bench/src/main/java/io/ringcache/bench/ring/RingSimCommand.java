package io.ringcache.bench.ring;

import io.ringcache.ring.Member;
import io.ringcache.ring.Ring;
import io.ringcache.ring.RingDiff;
import io.ringcache.ring.RingParameters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import org.openjdk.jol.info.GraphLayout;
import picocli.CommandLine.Option;

/**
 * Balance and movement of the balanced ring as a cluster grows: for each size N, the ring of N
 * members grown by joins, its peak-to-mean key share (exact, from the ranges), the keys moved by
 * the next join and by a leave as a multiple of the ideal, the build time of that join, the
 * encoded size and the snapshot's heap footprint (every object it reaches, as JOL measures it).
 *
 * <pre>bench/bin/ringcache-bench ring-sim --sizes 3,10,30,100,300,1000</pre>
 */
@Command(name = "ring-sim", mixinStandardHelpOptions = true,
        description = "Balance and movement of the ring for cluster sizes N.")
public final class RingSimCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", defaultValue = "3,10,30,100,300,1000", description = "Cluster sizes (default ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--vnodes", defaultValue = "" + RingParameters.DEFAULT_VNODES, description = "Tokens per member (default ${DEFAULT-VALUE}).")
    int vnodes;

    @Override
    public Integer call() {
        System.out.printf("%6s %10s %10s %14s %15s %10s %10s %10s %11s%n", "N", "peak/mean", "min/mean", "join moved/ideal",
                "leave moved/ideal", "join ms", "tokens", "bytes", "heap bytes");
        Ring ring = Ring.empty(RingParameters.defaults().withVnodes(vnodes));
        int grown = 0;
        for (int n : sizes) {
            while (grown < n) {
                ring = ring.join(Member.of("node-" + grown++));
            }
            double[] shares = ring.shares();
            double peak = 0;
            double min = Double.MAX_VALUE;
            for (double s : shares) {
                peak = Math.max(peak, s * n);
                min = Math.min(min, s * n);
            }
            long t0 = System.nanoTime();
            Ring joined = ring.join(Member.of("joiner"));
            double joinMs = (System.nanoTime() - t0) / 1e6;
            double joinMoved = RingDiff.between(ring, joined).movedFraction() * (n + 1);
            Ring left = ring.leave("node-" + (n / 2));
            double leaveMoved = RingDiff.between(ring, left).movedFraction() * n;
            System.out.printf("%6d %10.4f %10.4f %14.4f %15.4f %10.2f %10d %10d %11d%n", n, peak, min, joinMoved, leaveMoved, joinMs,
                    ring.tokenCount(), ring.encode().length, GraphLayout.parseInstance(ring).totalSize());
        }
        return 0;
    }
}
