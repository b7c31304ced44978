package io.ringcache.node.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.testing.PipelineClient;
import io.ringcache.node.testing.TextConnection;
import io.ringcache.ring.Ring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A multi-get streaming through a cluster node while the owner of its keys stops (SIGSTOP) in the
 * middle of the answer: the rest comes from the keys' other owner, in the order named, or the answer
 * ends with a SERVER_ERROR line; the client is never left waiting in silence. A fault scenario
 * (tagged {@code faults}, run with {@code -Pfaults}), since a stopped member makes the ring change.
 */
@Tag("faults")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MultiGetFailoverTest {

    private static final int VALUE = 500_000;
    private static final int KEYS = 20;
    private static final int NAMED = 200;
    private static final int READ_BEFORE_STOP = 10;

    @Test
    void aMultiGetWhoseOwnerStopsMidAnswerEndsInOrderOrWithServerErrorNeverSilence() throws Exception {
        try (ClusterTarget cluster = ClusterTarget.start(HostileClientsTest.MEGABYTES, "--leave-timeout", "5")) {
            NodeJvm owner = cluster.members().get(1);
            List<String> keys = keysWithPrimary(cluster.ring(), "b");
            for (String key : keys) {
                try (TextConnection c = new TextConnection(cluster.address().getPort(), Duration.ofSeconds(30))) {
                    assertThat(c.transcript("set " + key + " 0 0 " + VALUE + "\r\n" + "v".repeat(VALUE) + "\r\n")).isEqualTo("STORED\r\n");
                }
            }
            List<String> named = new ArrayList<>();
            for (int i = 0; i < NAMED; i++) {
                named.add(keys.get(i % keys.size()));
            }
            List<String> answered = new ArrayList<>();
            String ending;
            long start;
            long stoppedAt;
            try (PipelineClient reader = new PipelineClient(cluster.address(), 16 * 1024, Duration.ofSeconds(30))) {
                start = System.nanoTime();
                reader.send("get " + String.join(" ", named) + "\r\n");
                for (int i = 0; i < READ_BEFORE_STOP; i++) {
                    answered.add(readValue(reader));
                }
                signal("STOP", owner.pid());
                stoppedAt = System.nanoTime();
                try {
                    ending = readRest(reader, answered);
                } finally {
                    signal("CONT", owner.pid());
                }
            }
            long totalMillis = (System.nanoTime() - start) / 1_000_000;
            long afterStopMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
            System.out.printf("multi-get of %d x 500 KB through a, owner b stopped after %d values: %d values, ended %s,"
                    + " %d ms after the stop (%d ms in all); a forwarded %d, failovers %d%n", NAMED, READ_BEFORE_STOP,
                    answered.size(), ending, afterStopMillis, totalMillis, cluster.entry().stat("forwarded_requests"),
                    cluster.entry().stat("forward_failovers"));
            assertThat(answered).as("values answered, in the order named").isEqualTo(named.subList(0, answered.size()));
            if (ending.equals("END")) {
                assertThat(answered).hasSize(NAMED);
            } else {
                assertThat(ending).startsWith("SERVER_ERROR ");
            }
        }
    }

    /** Keys named {@code key-n} whose first owner is {@code primary}. */
    private static List<String> keysWithPrimary(Ring ring, String primary) {
        List<String> keys = new ArrayList<>();
        int[] owners = new int[ring.replicationFactor()];
        for (int n = 0; keys.size() < KEYS && n < 100_000; n++) {
            byte[] key = ("failover-" + n).getBytes(StandardCharsets.US_ASCII);
            ring.preferenceList(key, 0, key.length, owners);
            if (ring.members().get(owners[0]).nodeId().equals(primary)) {
                keys.add("failover-" + n);
            }
        }
        assertThat(keys).hasSize(KEYS);
        return keys;
    }

    private static String readValue(PipelineClient reader) throws IOException {
        String line = reader.line();
        assertThat(line).startsWith("VALUE ");
        String[] parts = line.split(" ");
        assertThat(reader.read(Integer.parseInt(parts[3]) + 2)).endsWith("\r\n");
        return parts[1];
    }

    /** Reads to the end of the answer; returns its last line (END or an error line). */
    private static String readRest(PipelineClient reader, List<String> answered) throws IOException {
        for (int i = 0; i <= NAMED; i++) {
            String line = reader.line();
            if (!line.startsWith("VALUE ")) {
                return line;
            }
            String[] parts = line.split(" ");
            reader.read(Integer.parseInt(parts[3]) + 2);
            answered.add(parts[1]);
        }
        throw new AssertionError("more values than keys named");
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", signal, pid).isZero();
    }
}
