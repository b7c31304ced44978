package io.ringcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.node.testing.TextConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every limit of NodeSettings enforced over a real socket, and the inputs after which we close. */
class LimitsTest {

    private CacheNode node;

    private CacheNode start(UnaryOperator<NodeSettings.Builder> tweak) {
        node = CacheNode.start(tweak.apply(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)).build());
        return node;
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void connectionsOverTheLimitAreToldAndClosedOthersGoOn() throws IOException {
        start(b -> b.maxConnections(3));
        List<TextConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                TextConnection c = new TextConnection(node.port());
                open.add(c);
                assertThat(c.transcript("set k" + i + " 0 0 1\r\n1\r\n")).isEqualTo("STORED\r\n");
            }
            try (TextConnection over = new TextConnection(node.port())) {
                assertThat(over.closedByServer()).isTrue();
                assertThat(over.drained()).isEqualTo("ERROR Too many open connections\r\n");
            }
            assertThat(open.get(0).transcript("get k1\r\n")).isEqualTo("VALUE k1 0 1\r\n1\r\nEND\r\n");
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (TextConnection again = new TextConnection(node.port())) {
                    assertThat(again.transcript("get k2\r\n")).isEqualTo("VALUE k2 0 1\r\n1\r\nEND\r\n");
                }
            });
        } finally {
            for (TextConnection c : open) {
                c.close();
            }
        }
    }

    @Test
    void idleConnectionsAreClosed() throws IOException {
        start(b -> b.idleTimeout(Duration.ofMillis(300)));
        try (TextConnection c = new TextConnection(node.port())) {
            assertThat(c.transcript("get a\r\n")).isEqualTo("END\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aBusyConnectionStaysOpenAndIsClosedNoSoonerThanTheTimeoutAfterItsLastCommand() throws IOException {
        Duration idle = Duration.ofSeconds(1);
        start(b -> b.idleTimeout(idle));
        try (TextConnection c = new TextConnection(node.port(), Duration.ofSeconds(20))) {
            long started = System.nanoTime();
            long lastAnswer = started;
            // commands back to back for 2.5 timeouts: the idle check looks at the connection several times meanwhile
            for (int i = 0; i < 1_000_000 && lastAnswer - started < idle.toNanos() * 5 / 2; i++) {
                assertThat(c.transcript("set k 0 0 1\r\n" + (i % 10) + "\r\n")).isEqualTo("STORED\r\n");
                lastAnswer = System.nanoTime();
            }
            assertThat(c.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - lastAnswer)).isGreaterThanOrEqualTo(idle);
        }
    }

    @Test
    void aCommandLeftIncompleteIsClosedByTheReadTimeout() throws IOException {
        start(b -> b.idleTimeout(Duration.ZERO).readTimeout(Duration.ofMillis(300)));
        try (TextConnection c = new TextConnection(node.port())) {
            c.send("set a 0 0 5\r\nhe");
            assertThat(c.closedByServer()).isTrue();
            assertThat(c.drained()).isEmpty();
        }
    }

    @Test
    void anIdleConnectionWithNothingPendingIsNotReadTimedOut() throws IOException {
        start(b -> b.idleTimeout(Duration.ZERO).readTimeout(Duration.ofMillis(200)));
        try (TextConnection c = new TextConnection(node.port(), Duration.ofMillis(1000))) {
            assertThat(c.transcript("get a\r\n")).isEqualTo("END\r\n");
            assertThat(c.closedByServer()).isFalse();
            assertThat(c.transcript("get a\r\n")).isEqualTo("END\r\n");
        }
    }

    @Test
    void withEvictionDisabledAFullCacheAnswersOutOfMemory() throws IOException {
        start(b -> b.memoryLimitBytes(1 << 20).evictionEnabled(false));
        String value = "v".repeat(10_000);
        try (TextConnection c = new TextConnection(node.port())) {
            String answer = "";
            int stored = 0;
            for (int i = 0; i < 200 && !answer.startsWith("SERVER_ERROR"); i++) {
                answer = c.transcript("set k" + i + " 0 0 10000\r\n" + value + "\r\n");
                stored += answer.equals("STORED\r\n") ? 1 : 0;
            }
            assertThat(answer).isEqualTo("SERVER_ERROR out of memory storing object\r\n");
            assertThat(stored).isBetween(90, 105);
            assertThat(c.transcript("get k0\r\n")).startsWith("VALUE k0 0 10000\r\n");
        }
    }

    @Test
    void evictionsAreCountedInStats() throws IOException {
        start(b -> b.memoryLimitBytes(1 << 20));
        String value = "v".repeat(10_000);
        try (TextConnection c = new TextConnection(node.port())) {
            for (int i = 0; i < 200; i++) {
                assertThat(c.transcript("set k" + i + " 0 0 10000 \r\n" + value + "\r\n")).isEqualTo("STORED\r\n");
            }
            String stats = c.transcript("stats\r\n");
            long evictions = stat(stats, "evictions");
            assertThat(evictions).isGreaterThan(90);
            assertThat(stat(stats, "curr_items") + evictions).isEqualTo(200);
            assertThat(stat(stats, "bytes")).isLessThanOrEqualTo(1 << 20);
            assertThat(stat(stats, "limit_maxbytes")).isEqualTo(1 << 20);
        }
    }

    @Test
    void overLongLineClosesSilently() throws IOException {
        start(b -> b);
        try (TextConnection c = new TextConnection(node.port())) {
            c.send("x".repeat(3000));
            assertThat(c.closedByServer()).isTrue();
            assertThat(c.drained()).isEmpty();
        }
    }

    @Test
    void overLongGetLineIsAnsweredThenClosed() throws IOException {
        start(b -> b.maxGetLineLength(4096));
        try (TextConnection c = new TextConnection(node.port())) {
            c.send("get " + "k ".repeat(1000));
            c.send("k ".repeat(2000));
            assertThat(c.closedByServer()).isTrue();
            assertThat(c.drained()).isEqualTo("CLIENT_ERROR line too long\r\n");
        }
        try (TextConnection other = new TextConnection(node.port())) {
            assertThat(other.transcript("get a\r\n")).isEqualTo("END\r\n");
        }
    }

    @Test
    void binaryMagicAfterTextIsRefused() throws IOException {
        start(b -> b);
        try (TextConnection c = new TextConnection(node.port())) {
            assertThat(c.transcript("get a\r\n")).isEqualTo("END\r\n");
            c.send(new byte[] {(byte) 0x80, 0x0a, 0, 0, 0, 0, 0, 0});
            assertThat(c.closedByServer()).isTrue();
            assertThat(c.drained()).isEqualTo("ERROR\r\n");
        }
    }

    @Test
    void httpIsClosed() throws IOException {
        start(b -> b);
        try (TextConnection c = new TextConnection(node.port())) {
            c.send("GET / HTTP/1.0\r\n\r\n");
            assertThat(c.closedByServer()).isTrue();
            assertThat(c.drained()).isEmpty();
        }
    }

    @Test
    void quitClosesAfterEarlierAnswers() throws IOException {
        start(b -> b);
        try (TextConnection c = new TextConnection(node.port())) {
            c.send("get a\r\nquit\r\nget a\r\n");
            assertThat(c.closedByServer()).isTrue();
            assertThat(c.drained()).isEqualTo("END\r\n");
        }
    }

    @Test
    void largerMaxItemSizeAcceptsLargerValues() throws IOException {
        start(b -> b.maxItemSize(2 << 20));
        byte[] big = new byte[1_500_000];
        java.util.Arrays.fill(big, (byte) 'z');
        try (TextConnection c = new TextConnection(node.port())) {
            assertThat(c.transcript("set big 0 0 1500000\r\n" + new String(big, StandardCharsets.US_ASCII) + "\r\n"))
                    .isEqualTo("STORED\r\n");
            assertThat(c.transcript("get big\r\n")).hasSize("VALUE big 0 1500000\r\n".length() + 1_500_000 + 7);
        }
    }

    @Test
    void versionStartsWith16AndStatsHaveMemcachedNames() throws IOException {
        start(b -> b);
        try (TextConnection c = new TextConnection(node.port())) {
            c.send("version\r\n");
            assertThat(c.readUntilLine("VERSION ")).startsWith("VERSION 1.6.");
            String stats = c.transcript("set a 0 0 1\r\n1\r\nget a b\r\nstats\r\n");
            assertThat(stat(stats, "cmd_get")).isEqualTo(2);
            assertThat(stat(stats, "get_hits")).isEqualTo(1);
            assertThat(stat(stats, "get_misses")).isEqualTo(1);
            assertThat(stat(stats, "curr_items")).isEqualTo(1);
            assertThat(stat(stats, "curr_connections")).isEqualTo(1);
            assertThat(stats).contains("STAT pid ", "STAT uptime ", "STAT time ", "STAT version 1.6.").endsWith("END\r\n");
            String settings = c.transcript("stats settings\r\n");
            assertThat(stat(settings, "maxbytes")).isEqualTo(64L << 20);
            assertThat(stat(settings, "item_size_max")).isEqualTo(1 << 20);
            assertThat(stat(settings, "maxconns")).isEqualTo(1024);
        }
    }

    static long stat(String stats, String name) {
        for (String line : stats.split("\r\n")) {
            if (line.startsWith("STAT " + name + " ")) {
                return Long.parseLong(line.substring(("STAT " + name + " ").length()));
            }
        }
        throw new AssertionError("no stat " + name + " in " + stats);
    }
}
