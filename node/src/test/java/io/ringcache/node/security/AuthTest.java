package io.ringcache.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.client.BlockingCacheClient;
import io.ringcache.client.ClientSettings;
import io.ringcache.client.ClusterClient;
import io.ringcache.client.Transcoders;
import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.conformance.MemcachedProcess;
import io.ringcache.node.server.AuthFile;
import io.ringcache.node.testing.TextConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * memcached's ASCII authentication ({@code -Y authfile}), side by side: every exchange below is
 * played against Debian's memcached started with the same authfile and against a node, one request
 * at a time, and both must give exactly the expected answers.
 */
@Timeout(120)
class AuthTest {

    private static Path authFile;
    private static MemcachedProcess memcached;
    private static CacheNode node;

    @BeforeAll
    static void start() throws IOException {
        authFile = Files.createTempFile("ringcache-auth-", ".txt");
        authFile.toFile().deleteOnExit();
        Files.writeString(authFile, "alice:secret1\nbob:pw2\n");
        // memcached drops to the user nobody, who must be able to read it (a test file, no real password)
        Files.setPosixFilePermissions(authFile, PosixFilePermissions.fromString("rw-r--r--"));
        memcached = MemcachedProcess.start(List.of("-Y", authFile.toString()));
        node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0)
                .authFile(AuthFile.read(authFile)).build());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (memcached != null) {
            memcached.close();
        }
    }

    /** One request (sent on its own) and the answer lines it must get. */
    private record Step(String request, String... answers) {
    }

    private static void bothAnswer(Step... steps) throws IOException {
        assertThat(play(memcached.address().getPort(), steps)).as("memcached -Y").isEqualTo(expected(steps));
        assertThat(play(node.port(), steps)).as("ringcache -Y").isEqualTo(expected(steps));
    }

    private static List<String> expected(Step... steps) {
        List<String> lines = new ArrayList<>();
        for (Step s : steps) {
            lines.addAll(List.of(s.answers()));
        }
        return lines;
    }

    private static List<String> play(int port, Step... steps) throws IOException {
        List<String> lines = new ArrayList<>();
        try (TextConnection c = new TextConnection(port)) {
            for (Step s : steps) {
                c.send(s.request());
                for (int i = 0; i < s.answers().length; i++) {
                    String line = c.readUntilLine("");
                    lines.add(line.substring(0, line.length() - 2));
                }
            }
        }
        return lines;
    }

    @Test
    void beforeAuthenticatingEveryCommandIsRefusedAndNothingIsStored() throws IOException {
        bothAnswer(
                new Step("get foo\r\n", "CLIENT_ERROR unauthenticated"),
                new Step("version\r\n", "CLIENT_ERROR unauthenticated"),
                new Step("mg foo v\r\n", "CLIENT_ERROR unauthenticated"),
                new Step("stats\r\n", "CLIENT_ERROR unauthenticated"),
                new Step("delete foo noreply\r\n", "CLIENT_ERROR unauthenticated"),
                new Step("rc_topology\r\n", "CLIENT_ERROR unauthenticated"),
                new Step("add x 0 0 13\r\nalice secret1\r\n", "CLIENT_ERROR unauthenticated"),
                new Step("get x\r\n", "CLIENT_ERROR unauthenticated"));
    }

    @Test
    void aWrongPasswordOrUserIsRefusedAndTheConnectionStaysUnauthenticated() throws IOException {
        bothAnswer(
                new Step("set x 0 0 12\r\nalice wrong!\r\n", "CLIENT_ERROR authentication failure"),
                new Step("set x 0 0 12\r\nalice secret\r\n", "CLIENT_ERROR authentication failure"),
                new Step("set x 0 0 13\r\nmallory pw123\r\n", "CLIENT_ERROR authentication failure"),
                new Step("set x 0 0 13\r\nalice:secret1\r\n", "CLIENT_ERROR bad authentication token format"),
                new Step("set x 0 0 5 noreply\r\nalice\r\n", "CLIENT_ERROR bad authentication token format"),
                new Step("get x\r\n", "CLIENT_ERROR unauthenticated"));
    }

    @Test
    void theRightPasswordIsServedAndTheTokenIsNotStored() throws IOException {
        bothAnswer(
                new Step("set token 0 0 13\r\nalice secret1\r\n", "STORED"),
                new Step("get token\r\n", "END"),
                new Step("set k 5 0 2\r\nhi\r\n", "STORED"),
                new Step("get k\r\n", "VALUE k 5 2", "hi", "END"),
                new Step("delete k\r\n", "DELETED"));
        // memcached's tokenising: runs of spaces, and words after the password, are allowed
        bothAnswer(
                new Step("set x 0 0 15\r\n  bob pw2 extra\r\n", "STORED"),
                new Step("mn\r\n", "MN"));
    }

    @Test
    void theBinaryProtocolIsOffWhenAuthenticationIsOn() throws IOException {
        // memcached's ASCII authentication has no binary form: a binary request must not slip past it
        try (TextConnection c = new TextConnection(node.port())) {
            byte[] binaryGet = {(byte) 0x80, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'k'};
            c.send(binaryGet);
            assertThat(c.closedByServer()).isTrue();
            assertThat(c.drained()).isEqualTo("ERROR\r\n");
        }
    }

    @Test
    void theSmartClientAuthenticatesEveryConnection() throws Exception {
        try (ClusterClient client = ClusterClient.builder().seeds("127.0.0.1:" + node.port())
                .settings(ClientSettings.local().toBuilder().requestTimeout(Duration.ofSeconds(2))
                        .credentials("bob", "pw2").build())
                .bootstrapTimeout(Duration.ofSeconds(5)).connect()) {
            BlockingCacheClient<String> cache = client.blocking(Transcoders.utf8());
            cache.set("through-auth", 0, "v");
            assertThat(cache.get("through-auth")).isEqualTo("v");
        }
    }

    @Test
    void theAuthfileIsReadStrictly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuthFileParsing.parse("no colon here"))
                .hasMessageContaining("user:password");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuthFileParsing.parse(""))
                .hasMessageContaining("no user:password");
    }

    /** Writes {@code text} to a file and reads it as an authfile. */
    private static final class AuthFileParsing {
        static AuthFile parse(String text) throws IOException {
            Path f = Files.createTempFile("ringcache-auth-", ".txt");
            f.toFile().deleteOnExit();
            Files.writeString(f, text);
            return AuthFile.read(f);
        }
    }
}
