package io.ringcache.node.conformance;

import static io.ringcache.node.conformance.Exchange.answers;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every limit, on memcached and the target started with the same options. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LimitsTest {

    private final Servers servers = new Servers();

    @AfterEach
    void stopServers() {
        servers.close();
    }

    @Test
    void keyOf250BytesIsStoredAnd251IsRefused() throws IOException {
        for (ServerUnderTest server : servers.both()) {
            try (RawClient client = RawClient.connect(server.address())) {
                String k250 = "a".repeat(250);
                String k251 = "a".repeat(251);
                assertThat(answers(client, "set " + k250 + " 0 0 1\r\nx\r\n")).as(server.name()).isEqualTo("STORED\r\n");
                assertThat(answers(client, "mg " + k250 + " v\r\n")).as(server.name()).isEqualTo("VA 1\r\nx\r\n");
                assertThat(answers(client, "get " + k251 + "\r\n")).as(server.name()).isEqualTo("CLIENT_ERROR bad command line format\r\n");
                assertThat(answers(client, "mg " + k251 + " v\r\n")).as(server.name()).isEqualTo("CLIENT_ERROR bad command line format\r\n");
                assertThat(answers(client, "touch " + k251 + " 0\r\n")).as(server.name()).isEqualTo("CLIENT_ERROR bad command line format\r\n");
                assertThat(Exchange.stillServes(client)).isTrue();
            }
        }
    }

    /**
     * memcached counts its item header against {@code -I}, so the largest value is a little under it;
     * a value just under the limit is stored and one byte over it is refused on both servers.
     */
    @Test
    void itemSizeAtAndOverTheMaximum() throws IOException {
        int max = 2 * 1024 * 1024;
        for (ServerUnderTest server : servers.both("-I", "2m")) {
            try (RawClient client = RawClient.connect(server.address())) {
                assertThat(answers(client, setOf("fits", max - 1024))).as(server.name()).isEqualTo("STORED\r\n");
                assertThat(answers(client, "mg fits s\r\n")).as(server.name()).isEqualTo("HD s" + (max - 1024) + "\r\n");
                assertThat(answers(client, setOf("over", max + 1))).as(server.name())
                        .isEqualTo("SERVER_ERROR object too large for cache\r\n");
                assertThat(answers(client, "get over\r\n")).as(server.name()).isEqualTo("END\r\n");
                assertThat(Exchange.stillServes(client)).isTrue();
            }
        }
    }

    private static byte[] setOf(String key, int size) {
        byte[] value = new byte[size];
        java.util.Arrays.fill(value, (byte) 'v');
        return RawClient.concat(RawClient.ascii("set " + key + " 0 0 " + size + "\r\n"), value, RawClient.ascii("\r\n"));
    }

    /** A command line of 2048 bytes is still served; a longer line without a newline closes. */
    @Test
    void lineLength() throws IOException {
        for (ServerUnderTest server : servers.both()) {
            try (RawClient client = RawClient.connect(server.address())) {
                // "get " + keys of 250 bytes: a long line of legal keys is a normal multi-get
                StringBuilder line = new StringBuilder("get");
                while (line.length() < 4000) {
                    line.append(' ').append("g".repeat(250));
                }
                assertThat(answers(client, line + "\r\n")).as(server.name()).isEqualTo("END\r\n");
            }
            try (RawClient client = RawClient.connect(server.address())) {
                client.send("set " + "s".repeat(3000));
                assertThat(client.awaitClosed()).as("%s closes a 3000-byte line without a newline", server.name()).isTrue();
            }
        }
    }

    @Test
    void connectionLimit() throws IOException {
        LimitChecks.connectionLimit(servers);
    }

    @Test
    void memoryFullWithoutEvictionRefusesStores() throws IOException {
        LimitChecks.outOfMemoryWithoutEviction(servers);
    }

    /**
     * With eviction on, a full budget evicts old items and counts them in stats. The items are well
     * below 1% of the budget: ringcache's W-TinyLFU admits a new item through a window of that size,
     * and an item larger than the window must win against the coldest resident to stay (README).
     */
    @Test
    void memoryFullEvictsAndCounts() throws IOException {
        byte[] value = new byte[100_000];
        for (ServerUnderTest server : servers.both("-m", "32")) {
            try (RawClient client = RawClient.connect(server.address())) {
                for (int i = 0; i < 400; i++) {
                    assertThat(answers(client, RawClient.concat(RawClient.ascii("set k" + i + " 0 0 " + value.length + "\r\n"),
                            value, RawClient.ascii("\r\n")))).as("%s set k%d", server.name(), i).isEqualTo("STORED\r\n");
                }
                assertThat(answers(client, "get k0\r\n")).as("%s: the oldest item was evicted", server.name()).isEqualTo("END\r\n");
                assertThat(answers(client, "get k399\r\n")).as("%s: the newest item is kept", server.name())
                        .startsWith("VALUE k399 0 100000\r\n");
                assertThat(Stats.of(client).number("evictions")).as("%s evictions", server.name()).isPositive();
            }
        }
    }
}
