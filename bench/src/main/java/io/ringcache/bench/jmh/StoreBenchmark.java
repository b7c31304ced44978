package io.ringcache.bench.jmh;

import io.ringcache.bench.load.ZipfSampler;
import io.ringcache.node.NodeClock;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.StoreMode;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The item store under a Zipf (0.99) key distribution over 1,000,000 keys with 100-byte values,
 * in a 64 MB budget (so eviction runs), two threads as the node's two event loops: get, and set
 * (a fresh item array per set, as the decoder hands the store). With {@code guarded}, every version
 * is asked of a stamp guard as a cluster node's (a clock read and a volatile read: the node's
 * PauseGuard.isClear), to price the check that keeps a paused node from stamping.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar StoreBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class StoreBenchmark {

    private static final int KEYS = 1_000_000;
    private volatile long clearUntil;

    @Param({"false", "true"})
    public boolean guarded;

    private ItemStore store;
    private ItemKey[] keys;

    @State(Scope.Thread)
    public static class Sampler {
        final ZipfSampler zipf = new ZipfSampler(KEYS, 0.99);
        final SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());

        int next() {
            return (int) zipf.next(random);
        }
    }

    @Setup
    public void fill() {
        store = new ItemStore(64L << 20, true, NodeClock.system());
        if (guarded) {
            // never paused here: the price of asking, not of refusing (PauseGuard.isClear's fast path)
            clearUntil = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
            store.versions().guard(() -> System.nanoTime() - clearUntil < 0);
        }
        keys = new ItemKey[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = ItemKey.of(String.format("user:%010d", i));
        }
        for (int i = 0; i < KEYS; i++) {
            store.store(StoreMode.SET, keys[i], Items.allocate(keys[i], 100), 0, 0, 0);
        }
    }

    @Benchmark
    public byte[] get(Sampler s) {
        return store.get(keys[s.next()]);
    }

    @Benchmark
    public Object set(Sampler s) {
        ItemKey key = keys[s.next()];
        return store.store(StoreMode.SET, key, Items.allocate(key, 100), 0, 0, 0);
    }
}
