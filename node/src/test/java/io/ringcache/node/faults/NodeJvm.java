package io.ringcache.node.faults;

import io.ringcache.client.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node in its own JVM (ringcache-node's main) on a fixed address and ports, so that it can
 * be killed, paused, stopped and started again as the same member. It may run inside a network
 * namespace (its command is prefixed with {@code ip netns exec <ns>}; that execs, so the pid is the
 * JVM's). Its output goes to {@code node/target/faults/logs/<scenario>/<id>.log}, appended across
 * restarts, for the report's diagnosis.
 */
final class NodeJvm implements AutoCloseable {

    final String nodeId;
    final String host;
    final int port;
    final int gossipPort;
    private final List<String> prefix;
    private final List<String> arguments;
    private final Path log;
    private Process process;

    NodeJvm(String nodeId, String host, int port, int gossipPort, List<String> prefix, List<String> seeds,
            List<String> extra, Path logDir) {
        this.nodeId = nodeId;
        this.host = host;
        this.port = port;
        this.gossipPort = gossipPort;
        this.prefix = List.copyOf(prefix);
        List<String> args = new ArrayList<>(List.of("-l", host, "-p", Integer.toString(port), "-t", "2", "-m", "64",
                "--node-id", nodeId, "--gossip-port", Integer.toString(gossipPort), "--preset", "local",
                "--cluster-secret-file", io.ringcache.node.cluster.TestSecret.file().toString(),
                // chosen once, so a restart takes the same one (port + 10000 may not be a port)
                "--peer-port", Integer.toString(FreePorts.next())));
        if (!seeds.isEmpty()) {
            args.add("--seeds");
            args.add(String.join(",", seeds));
        }
        args.addAll(extra);
        this.arguments = List.copyOf(args);
        this.log = logDir.resolve(nodeId + ".log");
    }

    /** Starts (or starts again) the JVM with the same id, address, ports and flags. */
    NodeJvm start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(nodeId + " is running");
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        // e.g. -Dfaults.nodeJvmOptions=-Dringcache.traceKeys=c- to follow the counters through the logs
        String extra = System.getProperty("faults.nodeJvmOptions", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.ringcache.node.NodeMain"));
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- start " + java.time.Instant.now() + " " + String.join(" ", arguments) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    TextClient.NamedAddress named() {
        return new TextClient.NamedAddress(nodeId, address());
    }

    String gossipAddress() {
        return host + ":" + gossipPort;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: a crash, no goodbye. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, without waiting: the node leaves gracefully (hands its items over) and exits. */
    void signalTerm() {
        process.destroy();
    }

    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGSTOP: the JVM freezes as in a long GC pause or a stalled VM; its sockets stay open. */
    void pause() {
        Signals.send("STOP", pid());
    }

    /** SIGCONT. */
    void resume() {
        Signals.send("CONT", pid());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            Signals.sendQuietly("CONT", process.pid()); // a stopped JVM would not die until continued
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return nodeId + "@" + host + ":" + port;
    }
}
