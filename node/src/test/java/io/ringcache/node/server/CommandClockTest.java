package io.ringcache.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.testing.TextConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-command time the latency metric sees, over a real socket: each command is timed from its
 * read (or the end of the command before it in the same read) to its end, so a connection's idle
 * time between requests is never counted, and every command of a pipelined read is timed once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandClockTest {

    /** Much longer than any command takes, even on a busy machine. */
    private static final long IDLE_MILLIS = 1_000;

    private record Observed(Command command, long nanos) {}

    @Test
    void idleTimeBetweenRequestsIsNotCountedAndPipelinedCommandsAreEachTimed() throws Exception {
        ConcurrentLinkedQueue<Observed> observed = new ConcurrentLinkedQueue<>();
        try (CacheNode node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .commandObserver((command, nanos) -> observed.add(new Observed(command, nanos))).build());
                TextConnection client = new TextConnection(node.port())) {
            client.send("set k 0 0 1\r\na\r\n");
            assertThat(client.readUntilLine("STORED")).contains("STORED");
            Thread.sleep(IDLE_MILLIS); // not a wait for anything: the idle time that must not be counted
            client.send("get k\r\nget k\r\nget missing\r\n");
            client.readUntilLine("END");
            client.readUntilLine("END");
            client.readUntilLine("END");

            await().atMost(Duration.ofSeconds(10)).until(() -> observed.size() == 4);
            List<Observed> all = List.copyOf(observed);
            assertThat(all).extracting(o -> o.command().getClass().getSimpleName())
                    .containsExactly("Store", "Retrieve", "Retrieve", "Retrieve");
            assertThat(all).allSatisfy(o -> assertThat(o.nanos()).isPositive()
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)));
        }
    }
}
