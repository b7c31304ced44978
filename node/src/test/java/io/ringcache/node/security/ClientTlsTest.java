package io.ringcache.node.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContextBuilder;
import io.ringcache.client.BlockingCacheClient;
import io.ringcache.client.ClientSettings;
import io.ringcache.client.ClusterClient;
import io.ringcache.client.Transcoders;
import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.server.TlsOptions;
import io.ringcache.node.testing.TextConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS on the client port as memcached configures it (-Z, -o ssl_*), against the smart client over
 * Netty's TLS, over real sockets: served with the right CA, refused with another, and a plain
 * client gets nothing.
 */
@Timeout(120)
class ClientTlsTest {

    private static TestCertificates ca;
    private static TestCertificates.Leaf server;
    private static TestCertificates.Leaf client;
    private static TestCertificates.Leaf stranger;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.authority("ca");
        server = ca.leaf("node");
        client = ca.leaf("app");
        stranger = TestCertificates.authority("other").leaf("impostor");
    }

    private static CacheNode tlsNode(String... extra) {
        List<String> options = new java.util.ArrayList<>(List.of("ssl_chain_cert=" + server.chain() + ",ssl_key="
                + server.key() + ",ssl_ca_cert=" + ca.caCert()));
        options.addAll(List.of(extra));
        return CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0)
                .tls(TlsOptions.parse(options).serverContext()).build());
    }

    private static ClusterClient connect(CacheNode node, SslContextBuilder tls) throws Exception {
        return connect(node, tls, Duration.ofSeconds(5));
    }

    /** A client that should be refused: the TLS handshake fails at once, so a short bootstrap suffices. */
    private static ClusterClient refused(CacheNode node, SslContextBuilder tls) throws Exception {
        return connect(node, tls, Duration.ofSeconds(1));
    }

    private static ClusterClient connect(CacheNode node, SslContextBuilder tls, Duration bootstrap) throws Exception {
        return ClusterClient.builder().seeds("127.0.0.1:" + node.port())
                .settings(ClientSettings.local().toBuilder().requestTimeout(Duration.ofSeconds(2))
                        .connectTimeout(Duration.ofSeconds(2)).tls(tls.build()).build())
                .bootstrapTimeout(bootstrap)
                .connect();
    }

    @Test
    void theSmartClientOverTlsIsServed() throws Exception {
        try (CacheNode node = tlsNode();
                ClusterClient c = connect(node, SslContextBuilder.forClient().trustManager(ca.caCert().toFile()))) {
            BlockingCacheClient<String> cache = c.blocking(Transcoders.utf8());
            cache.set("over-tls", 0, "secret value");
            assertThat(cache.get("over-tls")).isEqualTo("secret value");
        }
    }

    @Test
    void aClientThatTrustsAnotherCaRefusesTheNode() {
        try (CacheNode node = tlsNode()) {
            assertThatThrownBy(() -> refused(node,
                    SslContextBuilder.forClient().trustManager(stranger.ca().toFile())).close())
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void aPlainClientOnTheTlsPortGetsNoAnswerAndIsClosed() throws Exception {
        try (CacheNode node = tlsNode(); TextConnection plain = new TextConnection(node.port(), Duration.ofSeconds(10))) {
            plain.send("set k 0 0 1\r\nx\r\nget k\r\n");
            assertThat(plain.closedByServer()).isTrue();
            assertThat(plain.drained()).doesNotContain("STORED").doesNotContain("VALUE");
        }
    }

    @Test
    void withVerifyModeTwoOnlyAClientCertificateFromTheCaIsServed() throws Exception {
        try (CacheNode node = tlsNode("ssl_verify_mode=2")) {
            try (ClusterClient c = connect(node, SslContextBuilder.forClient().trustManager(ca.caCert().toFile())
                    .keyManager(client.chain().toFile(), client.key().toFile()))) {
                BlockingCacheClient<String> cache = c.blocking(Transcoders.utf8());
                cache.set("mutual", 0, "ok");
                assertThat(cache.get("mutual")).isEqualTo("ok");
            }
            // no certificate, and one from another CA: the handshake fails, nothing is served
            assertThatThrownBy(() -> refused(node, SslContextBuilder.forClient().trustManager(ca.caCert().toFile()))
                    .close()).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> refused(node, SslContextBuilder.forClient().trustManager(ca.caCert().toFile())
                    .keyManager(stranger.chain().toFile(), stranger.key().toFile())).close())
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void unknownOrIncompleteOptionsAreRefused() {
        assertThatThrownBy(() -> TlsOptions.parse(List.of("ssl_chain_cert=" + server.chain())))
                .hasMessageContaining("ssl_key");
        assertThatThrownBy(() -> TlsOptions.parse(List.of("ssl_chain_cert=" + server.chain() + ",ssl_key="
                + server.key() + ",ssl_kernel_tls"))).hasMessageContaining("not an option");
        assertThatThrownBy(() -> TlsOptions.parse(List.of("ssl_chain_cert=" + server.chain() + ",ssl_key="
                + server.key() + ",ssl_verify_mode=2"))).hasMessageContaining("ssl_ca_cert");
        assertThatThrownBy(() -> TlsOptions.parse(List.of("ssl_chain_cert=" + server.chain() + ",ssl_key="
                + server.key() + ",ssl_min_version=1"))).hasMessageContaining("ssl_min_version");
    }
}
