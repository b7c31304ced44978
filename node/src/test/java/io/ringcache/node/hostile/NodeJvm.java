package io.ringcache.node.hostile;

import static org.awaitility.Awaitility.await;

import io.ringcache.client.testing.FreePorts;
import io.ringcache.node.cluster.TestSecret;
import io.ringcache.node.testing.StatsProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A ringcache node in its own JVM on 127.0.0.1, started like bin/ringcache-node starts it: heap and
 * direct memory sized from {@code -m} (1.5 x -m + 128 MB, max(128 MB, -m / 4)) and Netty's fail-fast
 * direct allocation. Standalone, or a cluster member when given a node id.
 */
final class NodeJvm implements Target, AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final String name;
    private final int port;
    private final int gossipPort;
    private final Process process;
    private final Path log;

    private NodeJvm(String name, int port, int gossipPort, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.gossipPort = gossipPort;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the JVM and returns at once ({@link #awaitListening()}). {@code nodeId}: null for a
     * standalone node, else this member's id; {@code seeds} the members it joins through (may be empty).
     */
    static NodeJvm launch(String name, int megabytes, String nodeId, List<NodeJvm> seeds, String... extra) {
        int port = FreePorts.next();
        int gossipPort = FreePorts.next();
        long heap = megabytes * 3L / 2 + 128;
        long direct = Math.max(128, megabytes / 4);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap + "m", "-XX:MaxDirectMemorySize=" + direct + "m",
                "-Dio.netty.tryReflectionSetAccessible=true", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "io.ringcache.node.NodeMain",
                "-l", "127.0.0.1", "-p", Integer.toString(port), "-t", "2", "-m", Integer.toString(megabytes)));
        if (nodeId != null) {
            command.addAll(List.of("--node-id", nodeId, "--gossip-port", Integer.toString(gossipPort), "--preset", "local",
                    "--peer-port", Integer.toString(FreePorts.next()), "--cluster-secret-file", TestSecret.file().toString()));
            if (!seeds.isEmpty()) {
                command.add("--seeds");
                command.add(String.join(",", seeds.stream().map(s -> "127.0.0.1:" + s.gossipPort).toList()));
            }
        }
        command.addAll(List.of(extra));
        try {
            Path log = Files.createTempFile("ringcache-hostile-" + name + "-", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new NodeJvm(name, port, gossipPort, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the node answers {@code stats}; several started JVMs can come up side by side first. */
    NodeJvm awaitListening() {
        await("node " + name + " listening").atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + logText());
            }
            return answers(port);
        });
        return this;
    }

    private static boolean answers(int port) {
        try {
            StatsProbe.read(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isRingcache() {
        return true;
    }

    Map<String, String> stats() {
        return StatsProbe.read(address());
    }

    long stat(String name) {
        return StatsProbe.number(address(), name);
    }

    /** Runs a full collection in the node (jcmd) and reads the heap in use after it. */
    @Override
    public OptionalLong heapAfterGc() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd GC.run did not finish in 30 s");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return OptionalLong.of(stat("heap_used"));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and returns how long the process took to exit, or null if not within {@code bound}. */
    Duration terminate(Duration bound) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
