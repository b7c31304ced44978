package io.ringcache.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.node.CacheNode;
import io.ringcache.node.IoLimits;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.binary.BinaryPacket;
import io.ringcache.node.testing.PipelineClient;
import io.ringcache.node.testing.StatsProbe;
import io.ringcache.node.testing.TextConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits of {@link IoLimits} over real sockets, on one node in this JVM: a client that does not
 * read stops being read, a long multi-get stops between values and finishes whole once read, a client
 * that reads nothing is closed after the write timeout, a long pipeline yields its event loop, and
 * slow senders of large values cannot hold more than the receiving limit. The clients keep small
 * receive buffers so that "not reading" shows after a few answers instead of after the kernel's
 * megabytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutputLimitsTest {

    private static final int SMALL_RECEIVE_BUFFER = 16 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private CacheNode node;

    private CacheNode start(UnaryOperator<IoLimits.Builder> limits) {
        node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .memoryLimitMegabytes(128).ioLimits(limits.apply(IoLimits.builder()).build()).build());
        return node;
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private long stat(String name) {
        return StatsProbe.number(node.port(), name);
    }

    private void store(String key, int length) throws IOException {
        try (TextConnection c = new TextConnection(node.port())) {
            assertThat(c.transcript("set " + key + " 0 0 " + length + "\r\n" + "v".repeat(length) + "\r\n")).isEqualTo("STORED\r\n");
        }
    }

    @Test
    void aClientThatDoesNotReadStopsBeingReadAtItsBudgetAndGetsEverythingWhenItReads() throws IOException {
        start(l -> l.outputBudgetBytes(64 * 1024));
        store("v", 10_000);
        int gets = 5_000; // 50 MB of answers, far beyond the kernel buffers between us (4 MB at most here)
        try (PipelineClient client = new PipelineClient(node.port(), SMALL_RECEIVE_BUFFER, READ_TIMEOUT)) {
            client.sendRepeated("get v\r\n", gets);
            await().atMost(WAIT).until(() -> stat("conn_output_paused") >= 1);
            long runWhilePaused = stat("cmd_get");
            assertThat(runWhilePaused).as("gets run before the node stopped reading").isLessThan(gets / 4);
            assertThat(client.readValuesUntil("END", gets)).isEqualTo(10_000L * gets);
        }
        assertThat(stat("cmd_get")).isEqualTo(gets);
    }

    @Test
    void aMultiGetStopsBetweenValuesUntilReadThenEndsWhole() throws IOException {
        start(l -> l.outputBudgetBytes(64 * 1024));
        for (int i = 0; i < 20; i++) {
            store("big" + i, 100_000);
        }
        StringBuilder get = new StringBuilder("get");
        int values = 400; // 40 MB in one answer
        for (int i = 0; i < values; i++) {
            get.append(" big").append(i % 20);
        }
        try (PipelineClient client = new PipelineClient(node.port(), SMALL_RECEIVE_BUFFER, READ_TIMEOUT)) {
            client.send(get + "\r\nget big0\r\n");
            await().atMost(WAIT).until(() -> stat("cmd_get") > 0);
            await().pollDelay(Duration.ofMillis(200)).atMost(WAIT).until(() -> stat("cmd_get") < values);
            assertThat(stat("cmd_get")).as("values looked up while the client reads nothing").isLessThan(values / 4);
            assertThat(client.readValuesUntil("END", 2)).isEqualTo(100_000L * (values + 1));
        }
        assertThat(stat("cmd_get")).isEqualTo(values + 1);
    }

    @Test
    void aClientThatReadsNothingIsClosedAfterTheWriteTimeout() throws IOException {
        start(l -> l.outputBudgetBytes(64 * 1024).writeTimeout(Duration.ofSeconds(1)));
        store("v", 10_000);
        try (PipelineClient client = new PipelineClient(node.port(), SMALL_RECEIVE_BUFFER, READ_TIMEOUT)) {
            client.sendRepeated("get v\r\n", 600); // 6 MB: more than the kernel buffers between us take
            await().atMost(WAIT).until(() -> stat("conn_closed_write_timeout") == 1);
            assertThat(client.closedByServer()).isTrue();
        }
        await().atMost(WAIT).until(() -> stat("curr_connections") == 1); // the probe's own
    }

    @Test
    void aClientThatReadsSlowlyIsNotClosed() throws Exception {
        start(l -> l.outputBudgetBytes(64 * 1024).writeTimeout(Duration.ofSeconds(1)));
        store("v", 10_000);
        int gets = 200;
        try (PipelineClient client = new PipelineClient(node.port(), SMALL_RECEIVE_BUFFER, READ_TIMEOUT)) {
            client.sendRepeated("get v\r\n", gets);
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            int read = 0;
            while (read < gets && System.nanoTime() < deadline) {
                read++;
                client.readValuesUntil("END", 1);
                Thread.sleep(10); // a slow reader, on purpose: about 1 MB/s, never still for a second
            }
            client.readValuesUntil("END", gets - read);
        }
        assertThat(stat("conn_closed_write_timeout")).isZero();
    }

    @Test
    void aLongPipelineYieldsItsEventLoopAndRunsWhole() throws IOException {
        start(l -> l.requestsPerEvent(20));
        int sets = 2_000; // the test JVM tracks every buffer (paranoid leak detection): slow per command
        try (PipelineClient burst = new PipelineClient(node.port(), 0, READ_TIMEOUT);
                TextConnection other = new TextConnection(node.port())) {
            burst.send("set n 0 0 1\r\n0\r\n");
            assertThat(burst.line()).isEqualTo("STORED");
            burst.sendRepeated("incr n 1 noreply\r\n", sets); // one write: without turns it runs whole
            // on the same event loop, another client is served between the burst's turns
            String seen = other.transcript("incr n 0\r\n").trim();
            assertThat(Long.parseLong(seen)).as("the burst's increments run before the other client's").isLessThan(sets);
            burst.send("get n\r\n");
            assertThat(burst.line()).isEqualTo("VALUE n 0 " + Integer.toString(sets).length());
            assertThat(burst.line()).isEqualTo(Integer.toString(sets));
        }
        assertThat(stat("conn_yields")).isGreaterThan(0);
    }

    @Test
    void slowSendersOfLargeValuesHoldAtMostTheReceivingLimit() throws IOException {
        node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .maxItemSize(1024 * 1024).ioLimits(IoLimits.builder().receivingLimitBytes(2_100_000).build()).build());
        String value = "v".repeat(1_000_000);
        try (TextConnection slow1 = new TextConnection(node.port());
                TextConnection slow2 = new TextConnection(node.port());
                TextConnection other = new TextConnection(node.port())) {
            slow1.send("set s1 0 0 1000000\r\nvvvv");
            slow2.send("set s2 0 0 1000000\r\nvvvv");
            await().atMost(WAIT).until(() -> stat("receiving_bytes") >= 2_000_000);
            assertThat(other.transcript("set big 0 0 1000000\r\n" + value + "\r\nset small 0 0 1\r\nx\r\n"))
                    .isEqualTo("SERVER_ERROR out of memory storing object\r\nSTORED\r\n");
            assertThat(stat("receiving_refused")).isEqualTo(1);
            try (java.net.Socket binary = new java.net.Socket("127.0.0.1", node.port())) {
                binary.setSoTimeout((int) WAIT.toMillis());
                byte[] extras = java.nio.ByteBuffer.allocate(8).putInt(0).putInt(0).array(); // flags, expiry
                binary.getOutputStream().write(BinaryPacket.request(0x01, extras, BinaryPacket.ascii("bin"),
                        value.getBytes(StandardCharsets.ISO_8859_1), 0, 7));
                byte[] header = binary.getInputStream().readNBytes(BinaryPacket.HEADER);
                byte[] body = binary.getInputStream().readNBytes(BinaryPacket.bodyLength(header));
                BinaryPacket answer = BinaryPacket.parse(header, body);
                assertThat(answer.status()).as("binary set answered out of memory").isEqualTo(0x82);
                assertThat(answer.opaque()).isEqualTo(7);
            }
            assertThat(stat("receiving_refused")).isEqualTo(2);
            slow1.close(); // gives its reservation back
            await().atMost(WAIT).until(() -> stat("receiving_bytes") < 1_100_000);
            assertThat(other.transcript("set big 0 0 1000000\r\n" + value + "\r\n")).isEqualTo("STORED\r\n");
            slow2.send(value.substring(4) + "\r\n");
            assertThat(slow2.transcript("get s2\r\n")).startsWith("STORED\r\nVALUE s2 0 1000000\r\n");
        }
        await().atMost(WAIT).until(() -> stat("receiving_bytes") == 0);
    }
}
