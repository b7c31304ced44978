package io.ringcache.bench.ring;

import io.ringcache.ring.Member;
import io.ringcache.ring.Ring;
import io.ringcache.ring.RingParameters;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ring lookup: the preference list (RF 2) of a 16-byte key on a ring of 100 members with the
 * default vnodes, hashing included, in the balanced and the libmemcached ketama mode; and the
 * build of a new snapshot (the 101st member joining). 1,024 distinct keys, cycled.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar RingLookupBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RingLookupBenchmark {

    @Param({"BALANCED", "KETAMA_LIBMEMCACHED"})
    public String mode;

    private Ring ring;
    private final byte[][] keys = new byte[1024][];
    private final int[] out = new int[2];
    private int next;

    @Setup
    public void build() {
        ring = grown(RingParameters.defaults().withMode(RingParameters.Mode.valueOf(mode)), 100);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = String.format("user:%011d", i * 7919L).getBytes(StandardCharsets.US_ASCII); // 16 bytes
        }
    }

    static Ring grown(RingParameters parameters, int members) {
        Ring ring = Ring.empty(parameters);
        for (int i = 0; i < members; i++) {
            ring = ring.join(Member.of("10.0.0." + i + ":11211"));
        }
        return ring;
    }

    @Benchmark
    public int lookup() {
        byte[] key = keys[next++ & 1023];
        return ring.preferenceList(key, 0, key.length, out) + out[0];
    }

    /** The key hash alone, for the lookup's breakdown. */
    @Benchmark
    public long hashOnly() {
        byte[] key = keys[next++ & 1023];
        return ring.position(key, 0, key.length);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Ring buildNextSnapshot() {
        return ring.join(Member.of("joiner"));
    }
}
