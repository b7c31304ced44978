package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.node.IoLimits;
import io.ringcache.node.ManualClock;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.server.CommandExecutor;
import io.ringcache.node.server.LocalExecutor;
import io.ringcache.node.server.NodeServer;
import io.ringcache.node.server.NodeStats;
import io.ringcache.node.server.StatsReport;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.testing.PipelineClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A multi-get answered in segments over a real socket: the values come from a fetcher on another
 * thread (as from other members), in key order, and only as fast as the client reads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MultiGetStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int VALUE_BYTES = 50_000;

    private final ExecutorService owners = Executors.newSingleThreadExecutor();
    private final AtomicInteger keysFetched = new AtomicInteger();
    /** The first key of each segment fetched, in the order fetched. */
    private final java.util.Queue<String> segmentsFetched = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private NodeServer server;
    private volatile boolean failSecondSegment;
    private volatile boolean refuseFirstSegment;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        owners.shutdownNow();
        assertThat(owners.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private void start() throws InterruptedException {
        NodeSettings settings = NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .ioLimits(IoLimits.builder().outputBudgetBytes(256 * 1024).build()).build();
        ItemStore store = new ItemStore(settings.memoryLimitBytes(), true, new ManualClock(1_700_000_000_000L));
        NodeStats stats = new NodeStats();
        LocalExecutor local = new LocalExecutor(store, stats, new StatsReport(settings, stats, store));
        AtomicInteger segments = new AtomicInteger();
        CommandExecutor executor = (command, replies) -> {
            if (command instanceof Retrieve r && r.keys().length > 1) {
                MultiGetStream.start(r, replies.deferStream(), segment -> {
                    int nth = segments.incrementAndGet();
                    boolean fail = failSecondSegment && nth == 2;
                    if (refuseFirstSegment && nth == 1) {
                        return CompletableFuture.completedFuture(
                                Unpooled.copiedBuffer("SERVER_ERROR no owner of the key is reachable\r\n", StandardCharsets.US_ASCII));
                    }
                    return CompletableFuture.supplyAsync(() -> {
                        if (fail) {
                            throw new IllegalStateException("owner gone");
                        }
                        keysFetched.addAndGet(segment.keys().length);
                        segmentsFetched.add(segment.keys()[0].toString());
                        return blocks(segment.keys());
                    }, owners);
                });
            } else {
                local.execute(command, replies);
            }
        };
        server = NodeServer.start(settings, stats, executor, false);
    }

    /** Each key's value is its own name repeated, so that order and content can be checked; then END. */
    private static ByteBuf blocks(ItemKey[] keys) {
        ByteBuf out = Unpooled.buffer();
        for (ItemKey key : keys) {
            out.writeCharSequence("VALUE " + key + " 0 " + VALUE_BYTES + "\r\n", StandardCharsets.US_ASCII);
            out.writeCharSequence(valueOf(key.toString()), StandardCharsets.US_ASCII);
            out.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
        }
        out.writeCharSequence("END\r\n", StandardCharsets.US_ASCII);
        return out;
    }

    private static String valueOf(String key) {
        return (key + ".").repeat(VALUE_BYTES / (key.length() + 1) + 1).substring(0, VALUE_BYTES);
    }

    @Test
    void aLongMultiGetStreamsInKeyOrderOnlyAsFastAsTheClientReads() throws Exception {
        start();
        int keys = 400; // 20 MB
        StringBuilder get = new StringBuilder("get");
        for (int i = 0; i < keys; i++) {
            get.append(" k").append(i);
        }
        try (PipelineClient client = new PipelineClient(server.address(), 16 * 1024, WAIT)) {
            client.send(get + "\r\nset after 0 0 1\r\nx\r\n");
            int[] last = {-1};
            await("fetching settles while the client reads nothing").during(Duration.ofMillis(300)).atMost(WAIT)
                    .until(() -> {
                        int now = keysFetched.get();
                        boolean same = now == last[0];
                        last[0] = now;
                        return same;
                    });
            assertThat(keysFetched.get()).as("keys fetched while the client reads nothing").isLessThan(keys / 2);
            for (int i = 0; i < keys; i++) {
                assertThat(client.line()).isEqualTo("VALUE k" + i + " 0 " + VALUE_BYTES);
                assertThat(client.read(VALUE_BYTES + 2)).isEqualTo(valueOf("k" + i) + "\r\n");
            }
            assertThat(client.line()).isEqualTo("END");
            assertThat(client.line()).isEqualTo("STORED");
        }
        assertThat(keysFetched.get()).isEqualTo(keys);
    }

    @Test
    void aSegmentThatFailsEndsTheAnswerWithServerErrorNotSilence() throws Exception {
        failSecondSegment = true;
        start();
        try (PipelineClient client = new PipelineClient(server.address(), 0, WAIT)) {
            client.send("get a b c d e f g h i j\r\nmn\r\n");
            for (String key : new String[] {"a", "b", "c", "d", "e", "f", "g", "h"}) {
                assertThat(client.line()).isEqualTo("VALUE " + key + " 0 " + VALUE_BYTES);
                assertThat(client.read(VALUE_BYTES + 2)).isEqualTo(valueOf(key) + "\r\n");
            }
            assertThat(client.line()).startsWith("SERVER_ERROR ");
            assertThat(client.line()).isEqualTo("MN");
        }
    }

    @Test
    void anErrorForTheFirstSegmentIsTheWholeAnswer() throws Exception {
        refuseFirstSegment = true;
        start();
        try (PipelineClient client = new PipelineClient(server.address(), 0, WAIT)) {
            client.send("get a b c\r\nmn\r\n");
            assertThat(client.line()).isEqualTo("SERVER_ERROR no owner of the key is reachable");
            assertThat(client.line()).isEqualTo("MN");
        }
    }

    @Test
    void aMultiGetPipelinedBehindAnotherFetchesNothingBeforeItsTurn() throws Exception {
        start();
        int keys = 300; // 15 MB each, more than the budget and the kernel buffers: the first cannot end unread
        StringBuilder first = new StringBuilder("get");
        StringBuilder second = new StringBuilder("get");
        for (int i = 0; i < keys; i++) {
            first.append(" a").append(i);
            second.append(" b").append(i);
        }
        try (PipelineClient client = new PipelineClient(server.address(), 16 * 1024, WAIT)) {
            client.send(first + "\r\n" + second + "\r\n");
            int[] last = {-1};
            await("fetching settles while the client reads nothing").during(Duration.ofMillis(300)).atMost(WAIT)
                    .until(() -> {
                        int now = keysFetched.get();
                        boolean same = now == last[0];
                        last[0] = now;
                        return same;
                    });
            assertThat(segmentsFetched).as("segments fetched while the first answer waits for the client")
                    .isNotEmpty().allMatch(k -> k.startsWith("a"));
            for (String prefix : new String[] {"a", "b"}) {
                for (int i = 0; i < keys; i++) {
                    assertThat(client.line()).isEqualTo("VALUE " + prefix + i + " 0 " + VALUE_BYTES);
                    assertThat(client.read(VALUE_BYTES + 2)).isEqualTo(valueOf(prefix + i) + "\r\n");
                }
                assertThat(client.line()).isEqualTo("END");
            }
        }
        java.util.List<String> order = java.util.List.copyOf(segmentsFetched);
        assertThat(order.stream().dropWhile(k -> k.startsWith("a")).toList()).as("segments after the first b one")
                .allMatch(k -> k.startsWith("b"));
    }
}
