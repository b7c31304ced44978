package io.ringcache.node.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.client.BlockingCacheClient;
import io.ringcache.client.ClientSettings;
import io.ringcache.client.ClusterClient;
import io.ringcache.client.Transcoders;
import io.ringcache.node.conformance.ServerUnderTest;
import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.UnixSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ringcache's own client against one server: memcached first (which shows the expected answers are
 * memcached's), then the target. Neither knows rc_topology, so the client uses the seed as a fixed
 * server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RingcacheClientTest {

    @ParameterizedTest
    @EnumSource(ClientServers.class)
    void everyOperationAgainstOneServer(ClientServers kind) throws Exception {
        try (ServerUnderTest server = kind.start()) {
            InetSocketAddress address = server.address();
            try (ClusterClient client = ClusterClient.builder()
                    .seeds(address.getHostString() + ":" + address.getPort())
                    .settings(ClientSettings.local()).connect()) {
                assertThat(client.followsCluster()).isFalse();
                BlockingCacheClient<String> cache = client.blocking(Transcoders.utf8());
                SmartClientOperations.exercise(cache);
                assertThat(cache.versions()).hasSize(1);
            }
        }
    }

    /** A node on a unix socket alone (memcached's -s): the client takes the socket's path as its seed. */
    @Test
    void everyOperationOverAUnixSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("node.sock");
        try (CacheNode node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .unixSocket(new UnixSocket(socket, 0700, false)).build());
             ClusterClient client = ClusterClient.builder().seeds(socket.toString())
                    .settings(ClientSettings.local()).connect()) {
            assertThat(client.followsCluster()).isFalse();
            BlockingCacheClient<String> cache = client.blocking(Transcoders.utf8());
            SmartClientOperations.exercise(cache);
            assertThat(cache.versions()).hasSize(1);
        }
    }
}
