package io.ringcache.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringcache.node.protocol.CommandDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding requests as the node does: the node's {@link CommandDecoder} in a Netty pipeline (an
 * EmbeddedChannel, so the pipeline's own cost is included), fed one read holding a get line, a set
 * with a 100-byte value, or a pipelined batch of 16 requests (15 gets, 1 set).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar DecoderBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecoderBenchmark {

    private EmbeddedChannel channel;
    private ByteBuf get;
    private ByteBuf set;
    private ByteBuf batch;

    @Setup(Level.Trial)
    public void setUp() {
        channel = new EmbeddedChannel(new CommandDecoder(2048, 1 << 20, 1 << 20));
        String value = "v".repeat(100);
        get = ascii("get user:0000012345\r\n");
        set = ascii("set user:0000012345 0 0 100\r\n" + value + "\r\n");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            b.append("get user:00000").append(10_000 + i).append("\r\n");
        }
        b.append("set user:0000012345 0 0 100\r\n").append(value).append("\r\n");
        batch = ascii(b.toString());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        get.release();
        set.release();
        batch.release();
    }

    @Benchmark
    public Object getLine() {
        return decode(get);
    }

    @Benchmark
    public Object setWith100Bytes() {
        return decode(set);
    }

    /** A read of 16 pipelined requests; divide by 16 for the cost per request. */
    @Benchmark
    public Object pipelinedBatchOf16() {
        return decode(batch);
    }

    private Object decode(ByteBuf request) {
        channel.writeInbound(request.retainedDuplicate());
        Object last = null;
        for (Object o; (o = channel.readInbound()) != null; ) {
            last = o;
        }
        return last;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.directBuffer().writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
