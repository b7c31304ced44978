package io.ringcache.node.cluster;

import io.ringcache.client.testing.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A ringcache cluster node in its own JVM on 127.0.0.1 (ringcache-node's main), for tests that kill it. */
final class NodeProcess implements AutoCloseable {

    final String nodeId;
    final int port;
    final int gossipPort;
    /** The peer listener's port (members only, behind the handshake). */
    final int peerPort;
    private final Process process;
    private final Path log;

    private NodeProcess(String nodeId, int port, int gossipPort, int peerPort, Process process, Path log) {
        this.nodeId = nodeId;
        this.port = port;
        this.gossipPort = gossipPort;
        this.peerPort = peerPort;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a member with the test JVM's cluster secret ({@link TestSecret#file()}) unless
     * {@code extra} names another with {@code --cluster-secret-file}.
     */
    static NodeProcess start(String nodeId, List<NodeProcess> seeds, String... extra) {
        int port = FreePorts.next();
        int gossipPort = FreePorts.next();
        int peerPort = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "io.ringcache.node.NodeMain",
                "-l", "127.0.0.1", "-p", Integer.toString(port), "-t", "2",
                "--node-id", nodeId, "--gossip-port", Integer.toString(gossipPort), "--preset", "local",
                "--peer-port", Integer.toString(peerPort)));
        if (!List.of(extra).contains("--cluster-secret-file")) {
            command.addAll(List.of("--cluster-secret-file", TestSecret.file().toString()));
        }
        if (!seeds.isEmpty()) {
            command.add("--seeds");
            command.add(String.join(",", seeds.stream().map(s -> "127.0.0.1:" + s.gossipPort).toList()));
        }
        command.addAll(List.of(extra));
        try {
            Path log = Files.createTempFile("ringcache-" + nodeId + "-", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new NodeProcess(nodeId, port, gossipPort, peerPort, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails, naming the node and the end of its log, if any of {@code nodes} has exited. */
    static void allAlive(List<NodeProcess> nodes) {
        for (NodeProcess n : nodes) {
            if (!n.isAlive()) {
                String text = n.logText();
                throw new AssertionError("node " + n.nodeId + " exited with " + n.process.exitValue()
                        + "; the end of its log:\n" + text.substring(Math.max(0, text.length() - 4_000)));
            }
        }
    }

    /** SIGKILL: no goodbye, as a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the node leaves gracefully. */
    void terminate() throws InterruptedException {
        process.destroy();
        // longer than the node's own bound on its leave (--leave-timeout, 25 s by default): on a
        // loaded machine the handoff may use all of it, and a node killed here would look crashed
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS); // destroyForcibly only asks; callers count live nodes next
        }
    }

    /** Sends SIGTERM and returns at once, so that several nodes can be stopped together. */
    void signalTerm() {
        process.destroy();
    }

    /** Whether the process exited within {@code timeout}. */
    boolean awaitExit(java.time.Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        File f = log.toFile();
        if (Boolean.getBoolean("ringcache.keepNodeLogs")) {
            System.out.println("node log kept: " + f);
        } else {
            f.deleteOnExit();
        }
    }
}
