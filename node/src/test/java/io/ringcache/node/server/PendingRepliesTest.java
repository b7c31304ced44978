package io.ringcache.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.node.IoLimits;
import io.ringcache.node.ManualClock;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.testing.PipelineClient;
import io.ringcache.node.testing.StatsProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits on answers that complete later (forwarded requests in a cluster): how many a connection
 * may wait for, and the hard cap on answer bytes queued behind a slow one. {@code get slow*} is
 * deferred and completed from another thread when the test says; everything else runs locally.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PendingRepliesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ExecutorService completer = Executors.newSingleThreadExecutor();
    private final List<DeferredReply> waiting = new ArrayList<>();
    private NodeServer server;
    private volatile StreamProducer streamed;

    /**
     * Answers {@code get stream} in {@link #PARTS} parts of {@link #PART_BYTES}, each made on another
     * thread only once the connection asked for more, as a forwarded multi-get does.
     */
    private static final int PARTS = 2_000;
    private static final int PART_BYTES = 10_000;

    private final class StreamProducer {
        private final DeferredStream place;
        private final java.util.concurrent.atomic.AtomicInteger produced = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean waiting;

        StreamProducer(DeferredStream place) {
            this.place = place;
        }

        void next() {
            waiting = false;
            completer.execute(() -> {
                int i = produced.get();
                if (i == PARTS) {
                    place.write(Unpooled.copiedBuffer("END\r\n", StandardCharsets.US_ASCII));
                    place.end();
                    return;
                }
                ByteBuf part = Unpooled.buffer(PART_BYTES + 64);
                part.writeCharSequence("VALUE part" + i + " 0 " + PART_BYTES + "\r\n", StandardCharsets.US_ASCII);
                part.writeBytes(new byte[PART_BYTES]);
                part.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
                place.write(part);
                produced.incrementAndGet();
                waiting = true;
                place.whenReady(this::next);
            });
        }
    }

    private void start(UnaryOperator<IoLimits.Builder> limits) throws InterruptedException {
        NodeSettings settings = NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .ioLimits(limits.apply(IoLimits.builder()).build()).build();
        ItemStore store = new ItemStore(settings.memoryLimitBytes(), true, new ManualClock(1_700_000_000_000L));
        NodeStats stats = new NodeStats();
        LocalExecutor local = new LocalExecutor(store, stats, new StatsReport(settings, stats, store));
        CommandExecutor deferring = (Command command, ReplySink replies) -> {
            if (command instanceof Retrieve r && r.keys()[0].toString().equals("stream")) {
                streamed = new StreamProducer(replies.deferStream());
                streamed.next();
            } else if (command instanceof Retrieve r && r.keys()[0].toString().startsWith("slow")) {
                DeferredReply place = replies.defer();
                synchronized (waiting) {
                    waiting.add(place);
                }
            } else {
                local.execute(command, replies);
            }
        };
        server = NodeServer.start(settings, stats, deferring, false);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        completer.shutdownNow();
        assertThat(completer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private int waitingCount() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    /** Completes places {@code from}..{@code to} (exclusive) with a value of {@code length} bytes, on another thread. */
    private void complete(int from, int to, int length) {
        List<DeferredReply> places;
        synchronized (waiting) {
            places = new ArrayList<>(waiting.subList(from, to));
        }
        completer.execute(() -> {
            for (DeferredReply place : places) {
                place.complete(answer(length));
            }
        });
    }

    private static ByteBuf answer(int length) {
        ByteBuf b = Unpooled.buffer(length + 64);
        b.writeCharSequence("VALUE slow 0 " + length + "\r\n", StandardCharsets.US_ASCII);
        b.writeBytes(new byte[length]);
        b.writeCharSequence("\r\nEND\r\n", StandardCharsets.US_ASCII);
        return b;
    }

    private long stat(String name) {
        return StatsProbe.number(server.address(), name);
    }

    @Test
    void readingPausesAtTheMostAnswersAConnectionMayWaitFor() throws Exception {
        start(l -> l.maxPendingReplies(4));
        try (PipelineClient client = new PipelineClient(server.address(), 0, WAIT)) {
            client.sendRepeated("get slow\r\n", 10);
            client.send("version\r\n");
            await().atMost(WAIT).until(() -> waitingCount() == 4);
            assertThat(stat("conn_replies_paused")).isEqualTo(1);
            complete(0, 4, 10);
            await().atMost(WAIT).until(() -> waitingCount() == 8);
            complete(4, 8, 10);
            await().atMost(WAIT).until(() -> waitingCount() == 10);
            complete(8, 10, 10);
            assertThat(client.readValuesUntil("END", 10)).isEqualTo(100);
            assertThat(client.line()).startsWith("VERSION ");
        }
    }

    @Test
    void answersQueuedBehindASlowOnePastTheHardCapCloseTheConnection() throws Exception {
        start(l -> l.outputBudgetBytes(64 * 1024).outputLimitBytes(256 * 1024).maxPendingReplies(64));
        try (PipelineClient client = new PipelineClient(server.address(), 0, WAIT)) {
            client.sendRepeated("get slow\r\n", 40);
            await().atMost(WAIT).until(() -> waitingCount() == 40);
            complete(1, 40, 10_000); // 390 KB waiting behind the first, which never completes
            await().atMost(WAIT).until(() -> stat("conn_closed_output_limit") == 1);
            assertThat(client.closedByServer()).isTrue();
        }
        complete(0, 1, 10); // late: dropped with the connection
        await().atMost(WAIT).until(() -> stat("curr_connections") == 1);
    }

    @Test
    void answersQueuedBehindASlowOneUnderTheHardCapAllArrive() throws Exception {
        start(l -> l.outputBudgetBytes(64 * 1024).outputLimitBytes(1024 * 1024).maxPendingReplies(64));
        try (PipelineClient client = new PipelineClient(server.address(), 0, WAIT)) {
            client.sendRepeated("get slow\r\n", 40);
            await().atMost(WAIT).until(() -> waitingCount() == 40);
            complete(1, 40, 10_000);
            complete(0, 1, 10_000);
            assertThat(client.readValuesUntil("END", 40)).isEqualTo(400_000);
        }
        assertThat(stat("conn_closed_output_limit")).isZero();
    }

    @Test
    void anAnswerInPartsIsMadeOnlyAsFastAsTheClientReadsAndKeepsItsPlace() throws Exception {
        start(l -> l.outputBudgetBytes(64 * 1024));
        try (PipelineClient client = new PipelineClient(server.address(), 16 * 1024, WAIT)) {
            client.send("get stream\r\nget slow\r\n");
            await().atMost(WAIT).until(() -> waitingCount() == 1); // the later command runs meanwhile
            complete(0, 1, 10);
            await().atMost(WAIT).until(() -> streamed != null);
            long[] last = {-1};
            await("the parts made settle while the client reads nothing").during(Duration.ofMillis(300)).atMost(WAIT)
                    .until(() -> {
                        long now = streamed.produced.get();
                        boolean same = now == last[0];
                        last[0] = now;
                        return same;
                    });
            assertThat(streamed.produced.get()).as("parts made while the client reads nothing").isLessThan(PARTS / 2);
            assertThat(client.readValuesUntil("END", 2)).isEqualTo((long) PARTS * PART_BYTES + 10);
        }
    }
}
