package io.ringcache.node.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.conformance.ServerUnderTest;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

/**
 * libmemcached's conformance checker, memccapable (Debian's libmemcached-tools), with no flag: its 27
 * text and 27 binary tests, against the target (a node; {@link ClusterBinaryClientsTest} runs them
 * against a cluster member).
 * A missing tool fails the test: it is only a proof when it runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MemccapableTest {

    static final String TOOL = "/usr/bin/memccapable";
    static final int TESTS = 54;

    /** The target only (memcached passes them all; -Dconformance.target=memcached shows it, in CI's time saved). */
    @Test
    void passesAllTextAndBinaryTests() throws Exception {
        try (ServerUnderTest server = ClientServers.TARGET.start()) {
            assertAllPass(server.address(), server.name());
        }
    }

    /** Runs every memccapable test against {@code address} and asserts that all 54 pass. */
    static void assertAllPass(InetSocketAddress address, String server) throws IOException, InterruptedException {
        assertThat(new File(TOOL).canExecute()).as("memccapable is missing: apt-get install libmemcached-tools").isTrue();
        Process p = new ProcessBuilder(TOOL, "-h", address.getHostString(), "-p", Integer.toString(address.getPort()),
                "-t", "10").redirectErrorStream(true).start();
        boolean exited = p.waitFor(100, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> results = output.lines().filter(l -> l.endsWith("]")).toList();
        assertThat(exited).as("memccapable finished against %s:%n%s", server, output).isTrue();
        assertThat(results).as("memccapable against %s:%n%s", server, output)
                .hasSize(TESTS)
                .allSatisfy(line -> assertThat(line).endsWith("[pass]"));
        assertThat(output).as(server).contains("All tests passed");
        assertThat(p.exitValue()).as(server).isZero();
    }
}
