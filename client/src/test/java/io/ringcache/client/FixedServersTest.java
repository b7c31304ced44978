package io.ringcache.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client over plain memcached servers (they answer rc_topology with ERROR): keys placed by
 * libmemcached's ketama, each on exactly the server the ring names, and a dead server's keys served by
 * the next one.
 */
class FixedServersTest {
  private final List<MemcachedProcess> servers = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    servers.forEach(MemcachedProcess::close);
  }

  private ClusterClient client() {
    for (int i = 0; i < 2; i++) {
      servers.add(MemcachedProcess.start());
    }
    ClusterClient client = ClusterClient.builder()
        .seeds("127.0.0.1:" + servers.get(0).port(), "127.0.0.1:" + servers.get(1).port())
        .settings(ClientSettings.local()).bootstrapTimeout(Duration.ofSeconds(5)).connect();
    closeables.add(0, client);
    return client;
  }

  @Test
  void eachKeyIsStoredOnTheServerTheKetamaRingNames() throws Exception {
    ClusterClient client = client();
    assertThat(client.followsCluster()).isFalse();
    BlockingCacheClient<String> cache = client.blocking(Transcoders.utf8());
    for (int i = 0; i < 500; i++) {
      assertThat(cache.set("key-" + i, 0, "v" + i)).isTrue();
    }
    ClientResources resources = ClientResources.create(1);
    closeables.add(resources);
    List<BlockingCacheClient<String>> direct = new ArrayList<>();
    for (MemcachedProcess m : servers) {
      NodeConnection c = NodeConnection.open("direct", m.address(), ClientSettings.local(), resources);
      closeables.add(0, c);
      c.whenConnected().get(5, TimeUnit.SECONDS);
      direct.add(new BlockingCacheClient<>(AsyncCacheClient.create(c).withTranscoder(Transcoders.utf8())));
    }
    int[] perServer = new int[2];
    for (int i = 0; i < 500; i++) {
      byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      int owner = client.topology().ring().primary(key, 0, key.length);
      int server = ((java.net.InetSocketAddress) client.topology().addresses().get(owner)).getPort() == servers.get(0).port() ? 0 : 1;
      assertThat(direct.get(server).get("key-" + i)).isEqualTo("v" + i);
      assertThat(direct.get(1 - server).get("key-" + i)).isNull();
      perServer[server]++;
    }
    assertThat(perServer[0]).isBetween(150, 350);
  }

  @Test
  void aDeadServersKeysGoToTheNextServer() {
    ClusterClient client = client();
    BlockingCacheClient<String> cache = client.blocking(Transcoders.utf8());
    servers.get(0).kill();
    // every call answers (reads miss, writes land on the survivor) with no exception reaching the caller
    for (int i = 0; i < 200; i++) {
      assertThat(cache.set("after-" + i, 0, "x" + i)).isTrue();
    }
    for (int i = 0; i < 200; i++) {
      assertThat(cache.get("after-" + i)).isEqualTo("x" + i);
    }
    assertThat(client.router().failovers()).isPositive();
  }
}
