package io.ringcache.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.ringcache.node.IoLimits;
import io.ringcache.node.ManualClock;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.testing.TextConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The peer listener counts its connections apart from the clients': clients holding every client slot
 * (-c) never keep a member's peer connection out, and the peer listener has a limit of its own. The
 * peer side here greets instead of running the secret handshake, which is not what is tested.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerConnectionLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private NodeServer server;
    private final NodeStats stats = new NodeStats();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Stands in for the peer handshake: says hello to every connection it is given. */
    private static final class Greeter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.copiedBuffer("HELLO PEER\r\n", StandardCharsets.US_ASCII));
        }
    }

    @Test
    void clientsHoldingEverySlotNeverKeepAPeerOutAndPeersHaveTheirOwnLimit() throws Exception {
        NodeSettings settings = NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1).maxConnections(2)
                .ioLimits(IoLimits.builder().maxPeerConnections(3).build()).build();
        ItemStore store = new ItemStore(settings.memoryLimitBytes(), true, new ManualClock(1_700_000_000_000L));
        LocalExecutor local = new LocalExecutor(store, stats, new StatsReport(settings, stats, store));
        server = NodeServer.start(settings, stats, local, false,
                new PeerListener("127.0.0.1", 0, commands -> new Greeter(), null));
        int clientPort = server.address().getPort();
        int peerPort = server.peerAddress().getPort();
        List<TextConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                TextConnection client = new TextConnection(clientPort);
                open.add(client);
                assertThat(client.transcript("set k" + i + " 0 0 1\r\nx\r\n")).isEqualTo("STORED\r\n");
            }
            try (TextConnection over = new TextConnection(clientPort)) {
                assertThat(over.closedByServer()).isTrue();
                assertThat(over.drained()).isEqualTo("ERROR Too many open connections\r\n");
            }
            for (int i = 0; i < 3; i++) {
                TextConnection peer = new TextConnection(peerPort);
                open.add(peer);
                assertThat(peer.readUntilLine("HELLO PEER")).isEqualTo("HELLO PEER\r\n");
            }
            try (TextConnection over = new TextConnection(peerPort)) {
                assertThat(over.closedByServer()).isTrue();
                assertThat(over.drained()).isEqualTo("ERROR Too many open connections\r\n");
            }
            await().atMost(WAIT).until(() -> stats.rejectedConnections.sum() == 1 && stats.rejectedPeerConnections.sum() == 1);
            assertThat(stats.currPeerConnections.get()).isEqualTo(3);
            assertThat(stats.totalPeerConnections.sum()).isEqualTo(3);
        } finally {
            for (TextConnection c : open) {
                c.close();
            }
        }
        await().atMost(WAIT).until(() -> stats.currPeerConnections.get() == 0 && stats.currConnections.get() == 0);
    }
}
