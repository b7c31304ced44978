package io.ringcache.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.testing.TextConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The time the latency metric sees, over a real socket: each read's commands are timed from the read
 * to the end of its last command, so a connection's idle time between requests is never counted, and
 * every command of a pipelined read is counted once, with its read's time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandClockTest {

    /** Much longer than any command takes, even on a busy machine. */
    private static final long IDLE_MILLIS = 1_000;

    /** The commands of one read, as the observer was told them, and the read's time. */
    private record Read(List<String> commands, long nanos) {}

    /** Collects reads the way CommandLatency does: commands pending until their read ends. */
    private static final class Recorder implements CommandObserver {
        final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
        private final List<String> pending = new ArrayList<>(); // one event loop: no sharing

        @Override
        public void executed(Command command) {
            pending.add(command.getClass().getSimpleName());
        }

        @Override
        public void readEnded(long nanos) {
            if (!pending.isEmpty()) {
                reads.add(new Read(List.copyOf(pending), nanos));
                pending.clear();
            }
        }

        List<String> commands() {
            return reads.stream().flatMap(r -> r.commands().stream()).toList();
        }
    }

    @Test
    void idleTimeBetweenRequestsIsNotCountedAndPipelinedCommandsAreEachTimed() throws Exception {
        Recorder recorder = new Recorder();
        try (CacheNode node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .commandObserver(recorder).build());
                TextConnection client = new TextConnection(node.port())) {
            client.send("set k 0 0 1\r\na\r\n");
            assertThat(client.readUntilLine("STORED")).contains("STORED");
            Thread.sleep(IDLE_MILLIS); // not a wait for anything: the idle time that must not be counted
            client.send("get k\r\nget k\r\nget missing\r\n");
            client.readUntilLine("END");
            client.readUntilLine("END");
            client.readUntilLine("END");

            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.commands().size() == 4);
            assertThat(recorder.commands()).containsExactly("Store", "Retrieve", "Retrieve", "Retrieve");
            assertThat(recorder.reads).allSatisfy(r -> assertThat(r.nanos()).isPositive()
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)));
        }
    }
}
