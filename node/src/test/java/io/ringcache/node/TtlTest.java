package io.ringcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.node.testing.TextConnection;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Expiry over a real socket, with the node's clock injected and advanced: no sleeping. */
class TtlTest {

    private static final long START_MILLIS = 1_800_000_000_000L;
    private final ManualClock clock = new ManualClock(START_MILLIS);
    private CacheNode node;
    private TextConnection c;

    @BeforeEach
    void start() throws IOException {
        node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1).clock(clock).build());
        c = new TextConnection(node.port());
    }

    @AfterEach
    void stop() throws IOException {
        c.close();
        node.close();
    }

    @Test
    void relativeExptime() throws IOException {
        assertThat(c.transcript("set a 0 10 1\r\n1\r\n")).isEqualTo("STORED\r\n");
        clock.advance(Duration.ofSeconds(9));
        assertThat(c.transcript("get a\r\n")).isEqualTo("VALUE a 0 1\r\n1\r\nEND\r\n");
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.transcript("get a\r\n")).isEqualTo("END\r\n");
    }

    /** An expired item is gone for touch and gat too, though the store keeps it until reclaimed. */
    @Test
    void touchAndGatOfAnExpiredItemMiss() throws IOException {
        assertThat(c.transcript("set a 0 10 1\r\n1\r\nset b 0 10 1\r\n2\r\n")).isEqualTo("STORED\r\nSTORED\r\n");
        clock.advance(Duration.ofSeconds(10));
        assertThat(c.transcript("touch a 100\r\n")).isEqualTo("NOT_FOUND\r\n");
        assertThat(c.transcript("gat 100 b\r\n")).isEqualTo("END\r\n");
        assertThat(c.transcript("get a b\r\n")).isEqualTo("END\r\n");
    }

    @Test
    void absoluteExptimeBeyondThirtyDays() throws IOException {
        long at = START_MILLIS / 1000 + 100;
        assertThat(c.transcript("set a 0 " + at + " 1\r\n1\r\n")).isEqualTo("STORED\r\n");
        clock.advance(Duration.ofSeconds(99));
        assertThat(c.transcript("get a\r\n")).isEqualTo("VALUE a 0 1\r\n1\r\nEND\r\n");
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.transcript("get a\r\n")).isEqualTo("END\r\n");
    }

    /** mg l: seconds since the item was last fetched, or written if never since; the fetch itself counts after. */
    @Test
    void metaLastAccessCountsSecondsSinceTheLastFetch() throws IOException {
        assertThat(c.transcript("set a 0 0 1\r\n1\r\n")).isEqualTo("STORED\r\n");
        clock.advance(Duration.ofSeconds(7));
        assertThat(c.transcript("mg a l h\r\n")).isEqualTo("HD l7 h0\r\n");
        assertThat(c.transcript("mg a l h\r\n")).isEqualTo("HD l0 h1\r\n");
        clock.advance(Duration.ofSeconds(3));
        assertThat(c.transcript("get a\r\n")).isEqualTo("VALUE a 0 1\r\n1\r\nEND\r\n");
        clock.advance(Duration.ofSeconds(2));
        assertThat(c.transcript("mg a l\r\n")).isEqualTo("HD l2\r\n");
        assertThat(c.transcript("set a 0 0 1\r\n2\r\nmg a h l\r\n")).as("a new write starts over")
                .isEqualTo("STORED\r\nHD h0 l0\r\n");
    }

    @Test
    void touchAndGatExtendTheLife() throws IOException {
        assertThat(c.transcript("set a 0 10 1\r\n1\r\nset b 0 10 1\r\n2\r\n")).isEqualTo("STORED\r\nSTORED\r\n");
        assertThat(c.transcript("touch a 100\r\ngat 100 b\r\n")).isEqualTo("TOUCHED\r\nVALUE b 0 1\r\n2\r\nEND\r\n");
        clock.advance(Duration.ofSeconds(50));
        assertThat(c.transcript("get a b\r\n")).isEqualTo("VALUE a 0 1\r\n1\r\nVALUE b 0 1\r\n2\r\nEND\r\n");
        clock.advance(Duration.ofSeconds(50));
        assertThat(c.transcript("get a b\r\ntouch a 10\r\n")).isEqualTo("END\r\nNOT_FOUND\r\n");
    }

    @Test
    void flushAllWithDelay() throws IOException {
        assertThat(c.transcript("set a 0 0 1\r\n1\r\nflush_all 10\r\n")).isEqualTo("STORED\r\nOK\r\n");
        clock.advance(Duration.ofSeconds(8));
        assertThat(c.transcript("get a\r\n")).isEqualTo("VALUE a 0 1\r\n1\r\nEND\r\n");
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.transcript("get a\r\n")).isEqualTo("END\r\n");
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.transcript("set a 0 0 1\r\n2\r\nget a\r\n")).isEqualTo("STORED\r\nVALUE a 0 1\r\n2\r\nEND\r\n");
    }

    /** Nobody reads the expired items: the node's sweep reclaims them (stats: reclaimed, curr_items). */
    @Test
    void unreadExpiredItemsAreReclaimedByTheSweep() throws IOException {
        StringBuilder sets = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            sets.append("set short").append(i).append(" 0 5 1 noreply\r\n1\r\n");
        }
        c.transcript(sets + "set kept 0 0 1\r\n1\r\n");
        assertThat(LimitsTest.stat(c.transcript("stats\r\n"), "curr_items")).isEqualTo(51);
        clock.advance(Duration.ofSeconds(5));
        // the sweep runs every second of real time; its clock is the injected one
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String stats = c.transcript("stats\r\n");
            assertThat(LimitsTest.stat(stats, "curr_items")).isEqualTo(1);
            assertThat(LimitsTest.stat(stats, "reclaimed")).isEqualTo(50);
        });
        assertThat(c.transcript("get kept\r\n")).isEqualTo("VALUE kept 0 1\r\n1\r\nEND\r\n");
    }

    @Test
    void statsTimeFollowsTheClock() throws IOException {
        clock.advance(Duration.ofSeconds(42));
        String stats = c.transcript("stats\r\n");
        assertThat(LimitsTest.stat(stats, "time")).isEqualTo(START_MILLIS / 1000 + 42);
        assertThat(LimitsTest.stat(stats, "uptime")).isEqualTo(42);
    }
}
