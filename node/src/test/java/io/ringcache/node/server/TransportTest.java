package io.ringcache.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.testing.TextConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every transport the machine allows serves the protocol the same over a real socket: single
 * commands, a pipelined batch, a value larger than one socket read, bad input followed by more
 * commands on the same connection, and a byte-by-byte feed. The rest of the suite runs on auto.
 */
class TransportTest {

    private CacheNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void eachAvailableTransportServesTheProtocol(Transport transport) throws Exception {
        Assumptions.assumeTrue(available(transport), transport.cliName() + " is not available on this machine");
        node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(2)
                .transport(transport).build());
        try (TextConnection c = new TextConnection(node.port())) {
            assertThat(c.transcript("set k 3 0 5\r\nhello\r\nget k\r\n")).isEqualTo("STORED\r\nVALUE k 3 5\r\nhello\r\nEND\r\n");

            StringBuilder batch = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                batch.append("set p").append(i).append(" 0 0 1 noreply\r\n").append(i % 10).append("\r\n");
                batch.append("mg p").append(i).append(" v\r\n");
                expected.append("VA 1\r\n").append(i % 10).append("\r\n");
            }
            assertThat(c.transcript(batch.toString())).isEqualTo(expected.toString());

            String big = "x".repeat(600_000);
            assertThat(c.transcript("set big 0 0 " + big.length() + "\r\n" + big + "\r\n")).isEqualTo("STORED\r\n");
            assertThat(c.transcript("get big\r\n")).isEqualTo("VALUE big 0 " + big.length() + "\r\n" + big + "\r\nEND\r\n");

            assertThat(c.transcript("bogus\r\nget k\r\n")).isEqualTo("ERROR\r\nVALUE k 3 5\r\nhello\r\nEND\r\n");
            assertThat(c.transcript("get k\r\n", TextConnection.Feed.BYTE_BY_BYTE)).isEqualTo("VALUE k 3 5\r\nhello\r\nEND\r\n");
        }
    }

    @Test
    void autoTakesTheFirstAvailableOfIoUringEpollNio() {
        Transport expected = available(Transport.IO_URING) ? Transport.IO_URING
                : available(Transport.EPOLL) ? Transport.EPOLL : Transport.NIO;
        assertThat(Transport.AUTO.resolve()).isEqualTo(expected);
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        assertThat(Transport.parse("IO_URING")).isEqualTo(Transport.IO_URING);
        assertThatThrownBy(() -> Transport.parse("kqueue"))
                .hasMessage("transport must be auto, io_uring, epoll or nio, was kqueue");
    }

    private static boolean available(Transport t) {
        try {
            return t.resolve() == t;
        } catch (IllegalStateException unavailable) {
            return false;
        }
    }
}
