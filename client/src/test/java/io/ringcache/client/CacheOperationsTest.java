package io.ringcache.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every typed operation against a real memcached. */
class CacheOperationsTest {
  private static MemcachedProcess memcached;
  private static ClientResources resources;
  private static NodeConnection connection;
  private static BlockingCacheClient<byte[]> bytes;
  private static BlockingCacheClient<String> strings;

  @BeforeAll
  static void start() {
    memcached = MemcachedProcess.start();
    resources = ClientResources.create(1);
    connection = NodeConnection.open("m1", memcached.address(), ClientSettings.local(), resources);
    connection.whenConnected().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
    AsyncCacheClient<byte[]> async = AsyncCacheClient.create(connection);
    bytes = new BlockingCacheClient<>(async);
    strings = new BlockingCacheClient<>(async.withTranscoder(Transcoders.utf8()));
  }

  @AfterAll
  static void stop() {
    connection.close();
    resources.close();
    memcached.close();
  }

  @BeforeEach
  void flush() {
    bytes.flushAll();
  }

  @Test
  void setGetDelete() {
    assertThat(strings.get("k")).isNull();
    assertThat(strings.set("k", 0, "héllo")).isTrue();
    assertThat(strings.get("k")).isEqualTo("héllo");
    assertThat(strings.delete("k")).isTrue();
    assertThat(strings.delete("k")).isFalse();
    assertThat(strings.get("k")).isNull();
  }

  @Test
  void binaryValuesRoundTripUnchanged() {
    byte[] value = new byte[70_000];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    byte[] tricky = "END\r\nVALUE x 0 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(bytes.set("big", 0, value)).isTrue();
    assertThat(bytes.set("tricky", 0, tricky)).isTrue();
    assertThat(bytes.set("empty", 0, new byte[0])).isTrue();
    assertThat(bytes.get("big")).isEqualTo(value);
    assertThat(bytes.get("tricky")).isEqualTo(tricky);
    assertThat(bytes.get("empty")).isEmpty();
  }

  @Test
  void addReplaceAppendPrepend() {
    assertThat(strings.replace("k", 0, "x")).isFalse();
    assertThat(strings.add("k", 0, "b")).isTrue();
    assertThat(strings.add("k", 0, "zz")).isFalse();
    assertThat(strings.append("k", "c")).isTrue();
    assertThat(strings.prepend("k", "a")).isTrue();
    assertThat(strings.get("k")).isEqualTo("abc");
    assertThat(strings.replace("k", 0, "new")).isTrue();
    assertThat(strings.get("k")).isEqualTo("new");
    assertThat(strings.append("missing", "x")).isFalse();
  }

  @Test
  void getsAndCas() {
    strings.set("k", 0, "v1");
    CasValue<String> read = strings.gets("k");
    assertThat(read.value()).isEqualTo("v1");
    assertThat(read.cas()).isPositive();
    assertThat(strings.cas("k", read.cas(), 0, "v2")).isEqualTo(StoreResult.STORED);
    assertThat(strings.cas("k", read.cas(), 0, "v3")).isEqualTo(StoreResult.EXISTS);
    assertThat(strings.get("k")).isEqualTo("v2");
    assertThat(strings.cas("gone", 1, 0, "x")).isEqualTo(StoreResult.NOT_FOUND);
    assertThat(strings.gets("gone")).isNull();
  }

  @Test
  void incrDecr() {
    assertThat(strings.incr("n", 1)).isEmpty();
    strings.set("n", 0, "10");
    assertThat(strings.incr("n", 5)).isEqualTo(OptionalLong.of(15));
    assertThat(strings.decr("n", 100)).isEqualTo(OptionalLong.of(0));
    strings.set("n", 0, "18446744073709551615");
    assertThat(strings.incr("n", 1)).isEqualTo(OptionalLong.of(0));
    strings.set("n", 0, "1");
    assertThat(strings.incr("n", -1L)).isEqualTo(OptionalLong.of(0)); // 2^64-1 + 1 wraps
    strings.set("text", 0, "abc");
    assertThatThrownBy(() -> strings.incr("text", 1)).isInstanceOf(ClientErrorException.class)
        .hasMessageContaining("CLIENT_ERROR");
  }

  @Test
  void touchAndGetAndTouch() {
    assertThat(strings.touch("k", 100)).isFalse();
    strings.set("k", 0, "v");
    assertThat(strings.touch("k", 100)).isTrue();
    assertThat(strings.getAndTouch("k", 200)).isEqualTo("v");
    assertThat(strings.getAndTouch("missing", 200)).isNull();
    // a negative expiry expires at once: a real effect we can observe without waiting
    assertThat(strings.touch("k", -1)).isTrue();
    assertThat(strings.get("k")).isNull();
  }

  @Test
  void getMultiKeepsKeyOrderAndSkipsMisses() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      keys.add("key" + i);
      if (i % 3 != 0) {
        strings.set("key" + i, 0, "v" + i);
      }
    }
    Map<String, String> hits = strings.getMulti(keys);
    List<String> expected = keys.stream().filter(k -> Integer.parseInt(k.substring(3)) % 3 != 0).toList();
    assertThat(hits.keySet()).containsExactlyElementsOf(expected);
    assertThat(hits.get("key7")).isEqualTo("v7");
  }

  @Test
  void versionStatsAndFlush() throws Exception {
    assertThat(bytes.versions()).containsOnlyKeys("m1").allSatisfy((k, v) -> assertThat(v).matches("\\d+\\.\\d+\\.\\d+.*"));
    Map<String, Map<String, String>> stats = bytes.async().stats(null).get();
    assertThat(stats.get("m1")).containsKeys("pid", "curr_connections");
    strings.set("k", 0, "v");
    bytes.flushAll();
    assertThat(strings.get("k")).isNull();
  }

  @Test
  void serializingTranscoderIsSpymemcachedCompatibleByFlags() {
    BlockingCacheClient<Object> objects = new BlockingCacheClient<>(bytes.async().withTranscoder(
        Transcoders.serializing(ObjectInputFilter.Config.createFilter("io.ringcache.client.*;java.base/*;!*"))));
    Point p = new Point(3, 4);
    objects.set("p", 0, p);
    objects.set("s", 0, "text");
    assertThat(objects.get("p")).isEqualTo(p);
    assertThat(objects.get("s")).isEqualTo("text");
    assertThat(strings.get("s")).isEqualTo("text");
  }

  @Test
  void noReplySetIsApplied() throws Exception {
    bytes.async().withTranscoder(Transcoders.utf8()).setNoReply("q", 0, "quiet").get();
    assertThat(strings.get("q")).isEqualTo("quiet");
  }

  @Test
  void serverErrorsAreTyped() {
    byte[] tooBig = new byte[2 << 20]; // memcached's default item size limit is 1 MiB
    assertThatThrownBy(() -> bytes.set("big", 0, tooBig)).isInstanceOf(ServerErrorException.class)
        .hasMessageStartingWith("SERVER_ERROR");
    // the connection stays in step after the error
    assertThat(strings.set("after", 0, "ok")).isTrue();
    assertThat(strings.get("after")).isEqualTo("ok");
  }

  @Test
  void badKeysAreRejectedBeforeSending() {
    assertThatThrownBy(() -> strings.get("has space")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> strings.get("x".repeat(251))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("250");
    assertThatThrownBy(() -> strings.get("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(strings.set("x".repeat(250), 0, "max")).isTrue();
  }

  @Test
  void metricsCountRequestsAndLatency() {
    long before = connection.metrics().snapshot().succeeded();
    for (int i = 0; i < 10; i++) {
      strings.get("m" + i);
    }
    NodeMetrics.Snapshot s = connection.metrics().snapshot();
    assertThat(s.succeeded() - before).isGreaterThanOrEqualTo(10);
    assertThat(s.totalLatencyMicros().getTotalCount()).isGreaterThanOrEqualTo(10);
    assertThat(s.totalLatencyMicros().getValueAtPercentile(50)).isLessThan(Duration.ofSeconds(1).toNanos() / 1000);
  }

  record Point(int x, int y) implements Serializable {}
}
