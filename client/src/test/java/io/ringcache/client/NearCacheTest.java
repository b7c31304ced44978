package io.ringcache.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The near-cache over a real memcached: served in process, dropped on writes through this client. */
class NearCacheTest {
  private MemcachedProcess memcached;
  private ClusterClient client;
  private ClusterClient other;

  @BeforeEach
  void start() {
    memcached = MemcachedProcess.start();
    String seed = "127.0.0.1:" + memcached.port();
    client = ClusterClient.builder().seeds(seed).settings(ClientSettings.local())
        .nearCache(1_000, Duration.ofSeconds(2)).connect();
    other = ClusterClient.builder().seeds(seed).settings(ClientSettings.local()).connect();
  }

  @AfterEach
  void stop() {
    client.close();
    other.close();
    memcached.close();
  }

  private long served() {
    return client.metrics().values().stream().mapToLong(NodeMetrics.Snapshot::succeeded).sum();
  }

  @Test
  void aRepeatedReadIsServedInProcess() {
    BlockingCacheClient<String> cache = client.blocking(Transcoders.utf8());
    cache.set("hot", 0, "v1");
    assertThat(cache.get("hot")).isEqualTo("v1");
    long before = served();
    for (int i = 0; i < 100; i++) {
      assertThat(cache.get("hot")).isEqualTo("v1");
    }
    assertThat(cache.getMulti(List.of("hot"))).containsEntry("hot", "v1");
    assertThat(served()).isEqualTo(before);
    assertThat(client.nearCache().hits()).isGreaterThanOrEqualTo(101);
  }

  @Test
  void aWriteThroughThisClientIsSeenAtOnce() {
    BlockingCacheClient<String> cache = client.blocking(Transcoders.utf8());
    cache.set("k", 0, "old");
    assertThat(cache.get("k")).isEqualTo("old");
    cache.set("k", 0, "new");
    assertThat(cache.get("k")).isEqualTo("new");
    cache.append("k", "er");
    assertThat(cache.get("k")).isEqualTo("newer");
    cache.delete("k");
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void anotherClientsWriteIsSeenWithinTheTimeToLive() {
    BlockingCacheClient<String> cache = client.blocking(Transcoders.utf8());
    cache.set("shared", 0, "mine");
    assertThat(cache.get("shared")).isEqualTo("mine");
    other.blocking(Transcoders.utf8()).set("shared", 0, "theirs");
    assertThat(cache.get("shared")).isEqualTo("mine"); // the staleness the near-cache trades for speed
    await().atMost(Duration.ofSeconds(5)).until(() -> "theirs".equals(cache.get("shared")));
  }

  @Test
  void offByDefault() {
    assertThat(other.nearCache()).isNull();
    BlockingCacheClient<String> cache = other.blocking(Transcoders.utf8());
    cache.set("k", 0, "v");
    long before = other.metrics().values().stream().mapToLong(NodeMetrics.Snapshot::succeeded).sum();
    cache.get("k");
    cache.get("k");
    assertThat(other.metrics().values().stream().mapToLong(NodeMetrics.Snapshot::succeeded).sum())
        .isEqualTo(before + 2);
  }
}
