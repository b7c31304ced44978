package io.ringcache.node.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.faults.Op.Outcome;
import io.ringcache.node.faults.TextClient.NamedAddress;
import io.ringcache.node.faults.TextClient.Reply;
import io.ringcache.node.faults.TextClient.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writers' client and how its replies become outcomes, against a scripted server on a real
 * socket: an answer is ok or failed by its words, silence past the deadline is unknown, a refused
 * connection is failed (nothing was sent) and moves the client to its next node.
 */
class TextClientTest {

    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Answers each request line with what {@code answer} gives (null: stays silent). */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocket socket;
        final Thread thread;

        ScriptedServer(Function<String, String> answer) throws IOException {
            socket = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        OutputStream out = s.getOutputStream();
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            if (line.startsWith("set ")) {
                                in.readLine(); // the data block
                            }
                            String reply = answer.apply(line);
                            if (reply != null) {
                                out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                                out.flush();
                            }
                        }
                    } catch (IOException e) {
                        // the client hung up, or the server closed
                    }
                }
            }, "scripted-server");
            thread.setDaemon(true);
            thread.start();
        }

        NamedAddress address(String id) {
            return new NamedAddress(id, new InetSocketAddress("127.0.0.1", socket.getLocalPort()));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static int refusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed at once: connections to it are refused
        }
    }

    @Test
    void answersAreOkOrFailedByTheirWords() throws Exception {
        server = new ScriptedServer(line -> switch (line.split(" ")[0]) {
            case "set" -> "STORED\r\n";
            case "incr" -> "NOT_FOUND\r\n";
            case "delete" -> "SERVER_ERROR joining: no ring yet, nothing applied\r\n";
            case "touch" -> "SERVER_ERROR out of memory storing object\r\n";
            case "md" -> "SERVER_ERROR no_quorum: this node sees too few members of its ring to serve, nothing applied\r\n";
            case "decr" -> "SERVER_ERROR unknown_outcome: the key's owner did not answer in time\r\n";
            case "get" -> "VALUE k 0 5\r\nhello\r\nEND\r\n";
            default -> "ERROR\r\n";
        });
        try (TextClient c = new TextClient(List.of(server.address("a")), Duration.ofSeconds(5))) {
            assertThat(Writer.classify(c.call("set k 0 0 1\r\nx\r\n", Shape.LINE), "STORED")).isEqualTo(Outcome.OK);
            assertThat(Writer.classify(c.call("incr k 1\r\n", Shape.LINE), null)).isEqualTo(Outcome.FAILED);
            assertThat(Writer.classify(c.call("delete k\r\n", Shape.LINE), "DELETED")).as("joining: nothing applied")
                    .isEqualTo(Outcome.FAILED);
            assertThat(Writer.classify(c.call("touch k 2\r\n", Shape.LINE), "TOUCHED")).as("other SERVER_ERROR: may have applied")
                    .isEqualTo(Outcome.UNKNOWN);
            assertThat(Writer.classify(c.call("md k\r\n", Shape.LINE), "HD")).as("no_quorum: nothing applied")
                    .isEqualTo(Outcome.FAILED);
            assertThat(Writer.classify(c.call("decr k 1\r\n", Shape.LINE), null)).as("unknown_outcome: may have applied")
                    .isEqualTo(Outcome.UNKNOWN);
            Reply value = c.call("get k\r\n", Shape.VALUES);
            assertThat(value.value()).isEqualTo("hello");
        }
    }

    @Test
    void silencePastTheDeadlineIsUnknownAndTheNextRequestUsesANewConnection() throws Exception {
        server = new ScriptedServer(line -> line.startsWith("incr") ? null : "STORED\r\n");
        try (TextClient c = new TextClient(List.of(server.address("a")), Duration.ofMillis(300))) {
            long start = System.nanoTime();
            Reply r = c.call("incr k 1\r\n", Shape.LINE);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.answered()).isFalse();
            assertThat(r.sent()).isTrue();
            assertThat(r.text()).startsWith("timeout");
            assertThat(Writer.classify(r, null)).isEqualTo(Outcome.UNKNOWN);
            assertThat(millis).isBetween(250L, 5_000L);
            // the late answer of the old connection cannot be mistaken for this one's
            assertThat(c.call("set k 0 0 1\r\nx\r\n", Shape.LINE).text()).isEqualTo("STORED");
        }
    }

    @Test
    void aRefusedNodeIsFailedNotUnknownAndTheClientMovesToTheNext() throws Exception {
        server = new ScriptedServer(line -> "STORED\r\n");
        NamedAddress down = new NamedAddress("a", new InetSocketAddress("127.0.0.1", refusedPort()));
        try (TextClient c = new TextClient(List.of(down, server.address("b")), Duration.ofSeconds(5))) {
            assertThat(c.call("set k 0 0 1\r\nx\r\n", Shape.LINE).text()).isEqualTo("STORED");
            assertThat(c.nodeId()).isEqualTo("b");
        }
        try (TextClient alone = new TextClient(List.of(down), Duration.ofSeconds(5))) {
            Reply r = alone.call("set k 0 0 1\r\nx\r\n", Shape.LINE);
            assertThat(r.sent()).isFalse();
            assertThat(Writer.classify(r, "STORED")).isEqualTo(Outcome.FAILED);
        }
    }
}
