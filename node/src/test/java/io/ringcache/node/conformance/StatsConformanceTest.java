package io.ringcache.node.conformance;

import static io.ringcache.node.conformance.Exchange.answers;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code stats} counters tools read, after the same commands on memcached and the target:
 * these must be equal; the rest (pid, uptime, rusage, memory detail) legitimately differ.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsConformanceTest {

    /**
     * get_expired is left out: memcached 1.6.18 counts the read of an item stored with a negative
     * exptime as expired in some runs and as a plain miss in others (seen both on this machine).
     */
    private static final List<String> COUNTERS = List.of(
            "curr_items", "total_items", "cmd_get", "cmd_set", "cmd_touch", "cmd_flush", "get_hits", "get_misses",
            "delete_hits", "delete_misses", "incr_hits", "incr_misses", "decr_hits", "decr_misses",
            "cas_hits", "cas_misses", "cas_badval", "touch_hits", "touch_misses", "evictions", "limit_maxbytes");

    private final Servers servers = new Servers();

    @AfterEach
    void stopServers() {
        servers.close();
    }

    @Test
    void countersAgreeAfterTheSameCommands() throws IOException {
        List<Map<String, Long>> countersByServer = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ServerUnderTest server : servers.both()) {
            try (RawClient client = RawClient.connect(server.address())) {
                answers(client, "set a 0 0 1\r\n1\r\nset b 0 0 1\r\n2\r\nset gone 0 -1 1\r\nx\r\nadd a 0 0 1\r\nx\r\n"
                        + "get a b missing\r\nget gone\r\ndelete b\r\ndelete b\r\nincr a 2\r\nincr none 1\r\ndecr a 1\r\n"
                        + "decr none 1\r\ntouch a 100\r\ntouch none 100\r\ncas none 0 0 1 1\r\nx\r\ncas a 0 0 1 999999\r\nx\r\n");
                String gets = answers(client, "gets a\r\n");
                String unique = gets.split("\r\n")[0].split(" ")[4];
                assertThat(answers(client, "cas a 0 0 1 " + unique + "\r\n9\r\n")).as(server.name()).isEqualTo("STORED\r\n");
                Stats stats = Stats.of(client);
                assertThat(stats.values().get("version")).as(server.name()).startsWith("1.6");
                assertThat(stats.values()).as(server.name()).containsKeys("pid", "uptime", "time", "curr_connections",
                        "total_connections", "bytes", "threads");
                assertThat(stats.number("curr_connections")).as(server.name()).isPositive();
                assertThat(stats.number("bytes")).as(server.name()).isPositive();
                Map<String, Long> counters = new HashMap<>();
                for (String name : COUNTERS) {
                    counters.put(name, stats.number(name));
                }
                countersByServer.add(counters);
                names.add(server.name());
            }
        }
        assertThat(countersByServer.get(1)).as("counters of %s against %s", names.get(1), names.get(0))
                .isEqualTo(countersByServer.get(0));
    }
}
