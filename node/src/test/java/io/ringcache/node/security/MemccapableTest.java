package io.ringcache.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libmemcached's conformance tool (Debian's libmemcached-tools, installed by .ci/run) passes its
 * ASCII tests against a plain node, as before TLS and authentication existed: they are off by default.
 */
@Timeout(180)
class MemccapableTest {

    @Test
    void memccapablePassesOnThePlainPort() throws Exception {
        assertThat(new File("/usr/bin/memccapable")).as("memccapable (apt-get install libmemcached-tools)").exists();
        try (CacheNode node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).build())) {
            Process p = new ProcessBuilder(List.of("/usr/bin/memccapable", "-a", "-t", "10", "-h", "127.0.0.1",
                    "-p", Integer.toString(node.port()))).redirectErrorStream(true).start();
            assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("memccapable finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).as(out).contains("All tests passed").doesNotContain("[FAIL]");
            assertThat(p.exitValue()).as(out).isZero();
        }
    }
}
