package io.ringcache.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.client.testing.FreePorts;
import io.ringcache.node.cluster.TestSecret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * A port the node cannot have (another process listens on it) ends the start with one line in
 * memcached's words and memcached's exit code, for each of the node's listeners: no stack trace.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeMainListenTest {

    /**
     * The node's listeners: a name for the test report, the words the node's message uses for it
     * (memcached's "TCP port" for the client port), and the arguments that point it at a port.
     */
    enum Listener {
        CLIENT("client port", "TCP port", port -> new String[] {"-p", port}),
        ADMIN("admin port", "admin port", port -> new String[] {"-p", "0", "--admin-port", port}),
        PEER("peer port", "peer port",
                port -> cluster("--peer-port", port, "--gossip-port", Integer.toString(FreePorts.next()))),
        GOSSIP("gossip port", "gossip port", port -> cluster("--peer-port", "0", "--gossip-port", port));

        private final String name;
        private final String words;
        private final Function<String, String[]> arguments;

        Listener(String name, String words, Function<String, String[]> arguments) {
            this.name = name;
            this.words = words;
            this.arguments = arguments;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "a taken {0} is said in one line")
    @EnumSource(Listener.class)
    void aTakenPortIsSaidInOneLine(Listener listener) throws Exception {
        try (ServerSocket taken = takenPort()) {
            Result r = run(listener.arguments.apply(Integer.toString(taken.getLocalPort())));
            assertThat(r.exit).isEqualTo(NodeMain.EXIT_CANNOT_LISTEN);
            // all of stderr: this one line and no stack trace
            assertThat(r.err.strip()).isEqualTo("ringcache-node: failed to listen on " + listener.words + " "
                    + taken.getLocalPort() + " of 127.0.0.1: Address already in use");
        }
    }

    private record Result(int exit, String err) {}

    private static ServerSocket takenPort() throws Exception {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static String[] cluster(String... more) {
        List<String> args = new ArrayList<>(List.of("-p", "0", "--node-id", "solo", "--preset", "local",
                "--cluster-secret-file", TestSecret.file().toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("-l", "127.0.0.1", "-m", "16"));
        all.addAll(List.of(args));
        StringWriter err = new StringWriter();
        CommandLine line = NodeMain.commandLine();
        line.setErr(new PrintWriter(err, true));
        int exit = line.execute(all.toArray(String[]::new));
        return new Result(exit, err.toString());
    }
}
