package io.ringcache.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.ringcache.node.ManualClock;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.testing.TextConnection;
import io.ringcache.node.testing.TextConnection.Feed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Answers stay in request order when some complete later, on another thread and out of order, as
 * forwarded commands will in the cluster: {@code get slow*} is deferred and completed in reverse
 * order once all of a request's slow keys have been seen; everything else is answered locally.
 */
class DeferredOrderingTest {

    private final ExecutorService completer = Executors.newSingleThreadExecutor();
    private NodeServer server;
    private final List<Object[]> waiting = Collections.synchronizedList(new ArrayList<>());
    private volatile int expectSlow;

    @BeforeEach
    void start() throws InterruptedException {
        NodeSettings settings = NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1).build();
        ItemStore store = new ItemStore(settings.memoryLimitBytes(), true, new ManualClock(1_700_000_000_000L));
        NodeStats stats = new NodeStats();
        LocalExecutor local = new LocalExecutor(store, stats, new StatsReport(settings, stats, store));
        CommandExecutor deferring = (Command command, ReplySink replies) -> {
            if (command instanceof Retrieve r && r.keys()[0].toString().startsWith("slow")) {
                DeferredReply place = replies.defer();
                waiting.add(new Object[] {place, r.keys()[0].toString()});
                if (waiting.size() == expectSlow) {
                    completer.execute(this::completeInReverse);
                }
            } else {
                local.execute(command, replies);
            }
        };
        server = NodeServer.start(settings, stats, deferring, false);
    }

    private void completeInReverse() {
        List<Object[]> all;
        synchronized (waiting) {
            all = new ArrayList<>(waiting);
            waiting.clear();
        }
        Collections.reverse(all);
        for (Object[] w : all) {
            String key = (String) w[1];
            String answer = "VALUE " + key + " 0 1\r\n" + key.charAt(key.length() - 1) + "\r\nEND\r\n";
            ((DeferredReply) w[0]).complete(Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII));
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        completer.shutdownNow();
        assertThat(completer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void answersKeepRequestOrder(Feed feed) throws Exception {
        expectSlow = 3;
        try (TextConnection c = new TextConnection(server.address().getPort())) {
            String got = c.transcript("get slow1\r\nset a 0 0 1\r\nA\r\nget slow2\r\nget a\r\n"
                    + "set b 0 0 2000\r\n" + "B".repeat(2000) + "\r\nget b\r\nbogus\r\nget slow3\r\ndelete a\r\n", feed);
            assertThat(got).isEqualTo("VALUE slow1 0 1\r\n1\r\nEND\r\nSTORED\r\nVALUE slow2 0 1\r\n2\r\nEND\r\n"
                    + "VALUE a 0 1\r\nA\r\nEND\r\nSTORED\r\nVALUE b 0 2000\r\n" + "B".repeat(2000) + "\r\nEND\r\n"
                    + "ERROR\r\nVALUE slow3 0 1\r\n3\r\nEND\r\nDELETED\r\n");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Feed.class, names = "WHOLE")
    void quitWaitsForDeferredAnswers(Feed feed) throws Exception {
        expectSlow = 2;
        try (TextConnection c = new TextConnection(server.address().getPort())) {
            c.send(("get slow1\r\nget slow2\r\nquit\r\n").getBytes(StandardCharsets.US_ASCII), feed);
            assertThat(c.closedByServer()).isTrue();
            assertThat(c.drained()).isEqualTo("VALUE slow1 0 1\r\n1\r\nEND\r\nVALUE slow2 0 1\r\n2\r\nEND\r\n");
        }
    }
}
