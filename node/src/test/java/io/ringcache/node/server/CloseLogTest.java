package io.ringcache.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ringcache.node.CacheNode;
import io.ringcache.node.IoLimits;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.testing.PipelineClient;
import io.ringcache.node.testing.StatsProbe;
import io.ringcache.node.testing.TextConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * What the log says when clients misbehave: one line per closed connection with its reason, no stack
 * trace for a client's doing, and a flood of closes rate-limited to a summary.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CloseLogTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger connections = (Logger) LoggerFactory.getLogger("io.ringcache.node.connections");
    private Level connectionsLevel;
    private CacheNode node;

    @BeforeEach
    void capture() {
        events.start();
        root.addAppender(events);
        connectionsLevel = connections.getLevel();
        connections.setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        if (node != null) {
            node.close();
        }
        root.detachAppender(events);
        connections.setLevel(connectionsLevel);
    }

    private List<ILoggingEvent> lines() {
        synchronized (events.list) {
            return List.copyOf(events.list);
        }
    }

    @Test
    void aPipeliningClientKilledMidAnswerIsOneLineWithoutAStackTrace() throws Exception {
        node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .ioLimits(IoLimits.builder().outputBudgetBytes(64 * 1024).build()).build());
        try (TextConnection c = new TextConnection(node.port())) {
            c.transcript("set v 0 0 100000\r\n" + "v".repeat(100_000) + "\r\n");
        }
        long closedBefore = lines().size();
        PipelineClient killed = new PipelineClient(node.port(), 16 * 1024, WAIT);
        killed.sendRepeated("get v\r\n", 20_000);
        await().atMost(WAIT).until(() -> StatsProbe.number(node.port(), "conn_output_paused") >= 1);
        killed.reset();
        await().atMost(WAIT).until(() -> StatsProbe.number(node.port(), "curr_connections") == 1);
        List<ILoggingEvent> after = lines().subList((int) closedBefore, lines().size());
        List<ILoggingEvent> aboutKilled = after.stream()
                .filter(e -> e.getFormattedMessage().contains(String.valueOf(killed.localPort()))).toList();
        assertThat(aboutKilled).hasSize(1);
        assertThat(aboutKilled.get(0).getFormattedMessage()).containsAnyOf("I/O error", "closed by the client");
        assertThat(after).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        assertThat(after).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void aFloodOfClosesIsRateLimitedToASummary() {
        long[] now = {0};
        CloseLog log = new CloseLog(() -> now[0]);
        for (int i = 0; i < CloseLog.LINES_PER_WINDOW + 50; i++) {
            log.closed("client-" + i, 0, i % 2 == 0 ? CloseReason.IDLE : CloseReason.WRITE_TIMEOUT, null, null);
        }
        assertThat(lines()).hasSize(CloseLog.LINES_PER_WINDOW);
        now[0] += CloseLog.WINDOW_NANOS;
        log.closed("late", 0, CloseReason.IDLE, null, null);
        assertThat(lines()).hasSize(CloseLog.LINES_PER_WINDOW + 2);
        assertThat(lines().get(CloseLog.LINES_PER_WINDOW).getFormattedMessage())
                .isEqualTo("50 more connection closes not logged in the last 10 s: idle timeout: 25, "
                        + "answers not read within the write timeout (slow reader): 25");
        assertThat(lines().get(CloseLog.LINES_PER_WINDOW + 1).getFormattedMessage()).contains("late", "idle timeout");
    }
}
