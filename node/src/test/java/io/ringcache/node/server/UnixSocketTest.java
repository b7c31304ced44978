package io.ringcache.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.UnixSocket;
import io.ringcache.node.testing.TextConnection;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * memcached's {@code -s} and {@code -a}: the node listens on a unix domain socket whose file has the
 * mask's permissions, replaces a stale socket file but never another file, serves only the socket
 * when alone (no TCP) and both when asked, and removes the file when it stops.
 */
class UnixSocketTest {

    @TempDir
    Path dir;
    private CacheNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void eachTransportServesTheProtocolOnTheSocketAlone(Transport transport) throws Exception {
        Assumptions.assumeTrue(available(transport), transport.cliName() + " is not available on this machine");
        Path socket = dir.resolve("rc.sock");
        node = start(new UnixSocket(socket, 0700, false), transport);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rwx------");
        assertThatThrownBy(node::address).hasMessageContaining("serves only the unix socket");
        try (UnixConnection c = new UnixConnection(socket)) {
            assertThat(c.transcript("set k 3 0 5\r\nhello\r\nget k\r\n", 34)).isEqualTo("STORED\r\nVALUE k 3 5\r\nhello\r\nEND\r\n");
            String big = "x".repeat(300_000);
            String answer = c.transcript("set big 0 0 " + big.length() + "\r\n" + big + "\r\nget big\r\n",
                    8 + 20 + big.length() + 7);
            assertThat(answer).isEqualTo("STORED\r\nVALUE big 0 300000\r\n" + big + "\r\nEND\r\n");
        }
        node.close();
        node = null;
        assertThat(socket).doesNotExist();
    }

    @Test
    void theMaskSetsThePermissionsAndAStaleSocketIsReplaced() throws Exception {
        Path socket = dir.resolve("stale.sock");
        // a crashed process leaves its socket file behind; the JDK leaves one too after a close
        try (SocketChannel leftOver = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            leftOver.bind(UnixDomainSocketAddress.of(socket)); // a socket file nobody listens on
        }
        assertThat(socket).exists();
        node = start(new UnixSocket(socket, 0766, false), Transport.AUTO);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rwxrw-rw-");
        try (UnixConnection c = new UnixConnection(socket)) {
            assertThat(c.transcript("version\r\n", 31)).startsWith("VERSION 1.6");
        }
    }

    @Test
    void aFileThatIsNotASocketIsLeftAloneAndTheStartFails() throws Exception {
        Path notASocket = Files.writeString(dir.resolve("data.txt"), "keep me");
        assertThatThrownBy(() -> start(new UnixSocket(notASocket, 0700, false), Transport.AUTO))
                .hasMessageContaining("cannot listen on unix socket")
                .hasRootCauseMessage(notASocket + ": exists and is not a socket");
        assertThat(Files.readString(notASocket)).isEqualTo("keep me");
    }

    @Test
    void withTcpTooBothListenersServeTheSameItems() throws Exception {
        Path socket = dir.resolve("both.sock");
        node = start(new UnixSocket(socket, 0700, true), Transport.AUTO);
        try (TextConnection tcp = new TextConnection(node.port()); UnixConnection unix = new UnixConnection(socket)) {
            assertThat(tcp.transcript("set shared 0 0 2\r\nhi\r\n")).isEqualTo("STORED\r\n");
            assertThat(unix.transcript("get shared\r\n", 27)).isEqualTo("VALUE shared 0 2\r\nhi\r\nEND\r\n");
            assertThat(unix.transcript("stats settings\r\n", 1)).contains("STAT domain_socket " + socket + "\r\n")
                    .contains("STAT umask 700\r\n");
        }
    }

    private static CacheNode start(UnixSocket socket, Transport transport) {
        return CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .transport(transport).unixSocket(socket).build());
    }

    private static boolean available(Transport t) {
        try {
            return t.resolve() == t;
        } catch (IllegalStateException unavailable) {
            return false;
        }
    }

    /** A blocking-free client on a unix socket: sends bytes, reads with a bounded wait. */
    private static final class UnixConnection implements AutoCloseable {
        private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
        private final SocketChannel channel;
        private final Selector selector;

        UnixConnection(Path path) throws IOException {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        }

        /**
         * Sends {@code request} and reads until at least {@code atLeast} bytes came and, for answers
         * that end in END or a status line, until that line is complete; bounded by ten seconds.
         */
        String transcript(String request, int atLeast) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder received = new StringBuilder();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (System.nanoTime() < deadline) {
                if (out.hasRemaining()) {
                    channel.write(out);
                }
                selector.select(50);
                selector.selectedKeys().clear();
                int n = channel.read(in);
                if (n < 0) {
                    break;
                }
                in.flip();
                received.append(StandardCharsets.ISO_8859_1.decode(in));
                in.clear();
                if (!out.hasRemaining() && received.length() >= atLeast && received.toString().endsWith("\r\n")
                        && (received.toString().endsWith("END\r\n") || !request.startsWith("stats"))) {
                    break;
                }
            }
            return received.toString();
        }

        @Override
        public void close() throws IOException {
            selector.close();
            channel.close();
        }
    }
}
