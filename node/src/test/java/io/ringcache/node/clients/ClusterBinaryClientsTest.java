package io.ringcache.node.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.admin.LocalCluster;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.BinaryCommandFactory;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The binary protocol against a member of a three-node cluster (RF 2, in this JVM), where most keys
 * belong to other nodes: memccapable's 54 tests, spymemcached and xmemcached in binary mode, and a
 * value written in binary through one member read back in text through another.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterBinaryClientsTest {

    @Test
    void binaryClientsWorkAgainstAClusterMember() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.startUp("a", "b", "c");
            InetSocketAddress a = new InetSocketAddress("127.0.0.1", cluster.port("a"));
            InetSocketAddress b = new InetSocketAddress("127.0.0.1", cluster.port("b"));

            MemccapableTest.assertAllPass(a, "cluster member a");

            MemcachedClient spyBinary = new MemcachedClient(new ConnectionFactoryBuilder()
                    .setProtocol(ConnectionFactoryBuilder.Protocol.BINARY).setOpTimeout(10_000).build(), List.of(a));
            MemcachedClient spyText = new MemcachedClient(new ConnectionFactoryBuilder()
                    .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT).setOpTimeout(10_000).build(), List.of(b));
            try {
                SpymemcachedClientTest.exercise(spyBinary, "spymemcached binary, cluster member a");
                for (int i = 0; i < 50; i++) {
                    assertThat(spyBinary.set("across-" + i, 0, "v" + i).get()).isTrue();
                }
                for (int i = 0; i < 50; i++) {
                    assertThat(spyText.get("across-" + i)).as("written in binary through a, read in text through b")
                            .isEqualTo("v" + i);
                }
            } finally {
                spyBinary.shutdown(5, TimeUnit.SECONDS);
                spyText.shutdown(5, TimeUnit.SECONDS);
            }

            XMemcachedClientBuilder builder = new XMemcachedClientBuilder(List.of(a));
            builder.setCommandFactory(new BinaryCommandFactory());
            builder.setConnectTimeout(10_000);
            builder.setOpTimeout(10_000);
            net.rubyeye.xmemcached.MemcachedClient xmem = builder.build();
            try {
                XmemcachedClientTest.exercise(xmem, "xmemcached binary, cluster member a");
            } finally {
                xmem.shutdown();
            }
        }
    }
}
