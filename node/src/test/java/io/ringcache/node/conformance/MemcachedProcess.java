package io.ringcache.node.conformance;

import static org.awaitility.Awaitility.await;

import io.ringcache.client.testing.FreePorts;
import java.io.File;
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
 * Debian's memcached 1.6 as the oracle: started on 127.0.0.1 and a free port, ready once it answers
 * {@code version}, killed on {@link #close()}. Missing memcached fails the test (never a skip): the
 * suite is only a proof when it has something to compare against.
 */
public final class MemcachedProcess implements ServerUnderTest {

    private static final List<String> BINARIES = List.of("/usr/bin/memcached", "/usr/local/bin/memcached");
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Process process;
    private final InetSocketAddress address;
    private final String version;
    private final Path log;

    private MemcachedProcess(Process process, InetSocketAddress address, String version, Path log) {
        this.process = process;
        this.address = address;
        this.version = version;
        this.log = log;
    }

    /** memcached with the suite's defaults: {@code -U 0 -l 127.0.0.1 -p PORT -m 64 -t 2}. */
    public static MemcachedProcess start() {
        return start(List.of());
    }

    /** memcached with extra options after the defaults (a later {@code -m} overrides the default). */
    public static MemcachedProcess start(List<String> extraOptions) {
        String binary = binary();
        IllegalStateException lastFailure = null;
        // the free port is found by binding and releasing it, so another process may take it first
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return tryStart(binary, FreePorts.next(), extraOptions);
            } catch (IllegalStateException e) {
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    private static String binary() {
        for (String candidate : BINARIES) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException("memcached is not installed (looked for " + BINARIES + "); the conformance "
                + "suite needs real memcached 1.6 as its oracle: run `apt-get install memcached`");
    }

    private static MemcachedProcess tryStart(String binary, int port, List<String> extraOptions) {
        List<String> command = new ArrayList<>(List.of(binary, "-U", "0", "-l", "127.0.0.1", "-p", Integer.toString(port),
                "-m", "64", "-t", "2"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // memcached refuses to run as root without -u
        }
        command.addAll(extraOptions);
        Path log;
        Process process;
        try {
            log = Files.createTempFile("memcached-" + port + "-", ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        String[] version = new String[1];
        try {
            await("memcached answering version on port " + port)
                    .atMost(STARTUP)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("memcached exited with " + process.exitValue() + ": " + Files.readString(log));
                        }
                        version[0] = versionOf(address);
                        return version[0] != null;
                    });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("memcached did not start: " + command, e);
        }
        return new MemcachedProcess(process, address, version[0], log);
    }

    private static String versionOf(InetSocketAddress address) {
        try (RawClient client = RawClient.connect(address, Duration.ofSeconds(1))) {
            String line = client.call("version");
            if (line.equals("CLIENT_ERROR unauthenticated")) {
                return "(authentication on, -Y)"; // up: it answers, but only authenticated clients
            }
            return line.startsWith("VERSION ") ? line.substring("VERSION ".length()) : null;
        } catch (IOException notYet) {
            return null;
        }
    }

    /** The process id, to read its memory from /proc. */
    public long pid() {
        return process.pid();
    }

    public String version() {
        return version;
    }

    @Override
    public String name() {
        return "memcached " + version;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        // SIGKILL: the oracle holds nothing worth saving, and on SIGTERM memcached waits for its
        // one-second clock tick before it exits
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
