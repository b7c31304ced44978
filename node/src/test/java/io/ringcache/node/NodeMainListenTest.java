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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * A port the node cannot have (another process listens on it) ends the start with one line in
 * memcached's words and memcached's exit code, for each of the node's listeners: no stack trace.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeMainListenTest {

    @Test
    void aTakenClientPortIsSaidInOneLine() throws Exception {
        try (ServerSocket taken = takenPort()) {
            Result r = run("-p", Integer.toString(taken.getLocalPort()));
            assertThat(r.exit).isEqualTo(NodeMain.EXIT_CANNOT_LISTEN);
            assertThat(r.err.strip()).isEqualTo("ringcache-node: failed to listen on TCP port " + taken.getLocalPort()
                    + " of 127.0.0.1: Address already in use");
        }
    }

    @Test
    void aTakenAdminPortIsSaidInOneLine() throws Exception {
        try (ServerSocket taken = takenPort()) {
            Result r = run("-p", "0", "--admin-port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exit).isEqualTo(NodeMain.EXIT_CANNOT_LISTEN);
            assertThat(r.err.strip()).isEqualTo("ringcache-node: failed to listen on admin port " + taken.getLocalPort()
                    + " of 127.0.0.1: Address already in use");
        }
    }

    @Test
    void aTakenPeerPortIsSaidInOneLine() throws Exception {
        try (ServerSocket taken = takenPort()) {
            Result r = run(cluster("--peer-port", Integer.toString(taken.getLocalPort()),
                    "--gossip-port", Integer.toString(FreePorts.next())));
            assertThat(r.exit).isEqualTo(NodeMain.EXIT_CANNOT_LISTEN);
            assertThat(r.err.strip()).isEqualTo("ringcache-node: failed to listen on peer port " + taken.getLocalPort()
                    + " of 127.0.0.1: Address already in use");
        }
    }

    @Test
    void aTakenGossipPortIsSaidInOneLine() throws Exception {
        try (ServerSocket taken = takenPort()) {
            Result r = run(cluster("--peer-port", "0", "--gossip-port", Integer.toString(taken.getLocalPort())));
            assertThat(r.exit).isEqualTo(NodeMain.EXIT_CANNOT_LISTEN);
            assertThat(r.err.strip()).isEqualTo("ringcache-node: failed to listen on gossip port " + taken.getLocalPort()
                    + " of 127.0.0.1: Address already in use");
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
