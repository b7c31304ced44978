package io.ringcache.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ringcache.client.testing.FreePorts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Overload, timeouts, corrupt answers, a dead server: every request ends with a typed outcome. */
class ConnectionFailureTest {
  private ClientResources resources;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void resources() {
    resources = ClientResources.create(1);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    resources.close();
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    toClose.add(c);
    return c;
  }

  private NodeConnection connect(java.net.InetSocketAddress address, ClientSettings settings) {
    NodeConnection c = closeLater(NodeConnection.open("n", address, settings, resources));
    c.whenConnected().orTimeout(5, TimeUnit.SECONDS).join();
    return c;
  }

  private static Throwable failure(CompletableFuture<?> f) {
    try {
      f.orTimeout(10, TimeUnit.SECONDS).join();
      throw new AssertionError("expected a failure, got a result");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  @Test
  void overOutstandingBoundFailsFastWithoutWriting() throws Exception {
    FakeServer silent = closeLater(FakeServer.silent());
    NodeConnection c = connect(silent.address(), ClientSettings.lan().toBuilder().maxOutstanding(8).build());
    List<CompletableFuture<String>> held = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      held.add(c.execute(new ServerCommand.Version()));
    }
    CompletableFuture<String> refused = c.execute(new ServerCommand.Version());
    assertThat(refused).isCompletedExceptionally();
    assertThat(failure(refused)).isInstanceOf(OverloadedException.class);
    assertThat(((CacheException) failure(refused)).outcomeUnknown()).isFalse();
    assertThat(c.outstanding()).isEqualTo(8);
    assertThat(held).noneMatch(CompletableFuture::isDone);
    assertThat(c.metrics().snapshot().overloads()).isEqualTo(1);
  }

  @Test
  void unansweredRequestTimesOutThenStuckConnectionIsRebuilt() throws Exception {
    FakeServer silent = closeLater(FakeServer.silent());
    NodeConnection c = connect(silent.address(), ClientSettings.lan().toBuilder()
        .requestTimeout(Duration.ofMillis(100)).stuckGrace(Duration.ofMillis(200))
        .reconnect(Duration.ofMillis(10), Duration.ofMillis(50)).build());
    long start = System.nanoTime();
    Throwable t = failure(c.execute(new ServerCommand.Version()));
    assertThat(t).isInstanceOf(RequestTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(90), Duration.ofSeconds(2));
    // the slot stays taken until the connection is declared stuck and rebuilt
    await().atMost(Duration.ofSeconds(5)).until(() -> silent.connectionsAccepted() >= 2 && c.isConnected());
    assertThat(c.outstanding()).isZero();
    assertThat(c.metrics().snapshot().reconnects()).isGreaterThanOrEqualTo(1);
    assertThat(c.metrics().snapshot().timeouts()).isEqualTo(1);
  }

  @Test
  void lateAnswerToATimedOutRequestIsDroppedAndTheNextRequestGetsItsOwn() throws Exception {
    FakeServer gated = closeLater(new FakeServer(
        (conn, line, request) -> FakeServer.ascii("VERSION " + conn + "." + line + "\r\n"), true));
    NodeConnection c = connect(gated.address(), ClientSettings.lan().toBuilder()
        .stuckGrace(Duration.ofSeconds(30)).build());
    CompletableFuture<String> first = c.execute(new ServerCommand.Version(), TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(failure(first)).isInstanceOf(RequestTimeoutException.class);
    CompletableFuture<String> second = c.execute(new ServerCommand.Version());
    gated.release(2);
    assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("0.1");
    assertThat(gated.connectionsAccepted()).isEqualTo(1);
    assertThat(c.outstanding()).isZero();
  }

  @Test
  void corruptAnswerFailsTheRequestClosesAndReconnects() throws Exception {
    FakeServer server = closeLater(new FakeServer((conn, line, request) -> {
      if (conn == 0) {
        return line == 0 ? FakeServer.ascii("VALUE k 0 zz\r\n") : null;
      }
      return FakeServer.ascii("VERSION 1.2.3\r\n");
    }, false));
    NodeConnection c = connect(server.address(), ClientSettings.lan().toBuilder()
        .reconnect(Duration.ofMillis(10), Duration.ofMillis(50)).build());
    // send the get and the followers as one batch so all are in flight when the garbage arrives
    List<CompletableFuture<?>> all = new ArrayList<>();
    CompletableFuture<?> get = c.execute(RetrievalCommand.get(List.of("k".getBytes(StandardCharsets.US_ASCII)), false));
    for (int i = 0; i < 5; i++) {
      all.add(c.execute(new ServerCommand.Version()));
    }
    assertThat(failure(get)).isInstanceOf(CorruptResponseException.class);
    for (CompletableFuture<?> f : all) {
      Throwable t = failure(f);
      assertThat(t).isInstanceOf(ConnectionLostException.class);
      assertThat(t.getCause()).isInstanceOf(CorruptResponseException.class);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionsAccepted() >= 2 && c.isConnected());
    assertThat(c.execute(new ServerCommand.Version()).get(5, TimeUnit.SECONDS)).isEqualTo("1.2.3");
    assertThat(c.metrics().snapshot().corrupt()).isEqualTo(1);
  }

  @Test
  void requestsWhileDisconnectedFailFastWithNodeDown() {
    int port = FreePorts.next();
    NodeConnection c = closeLater(NodeConnection.open("nowhere",
        new java.net.InetSocketAddress("127.0.0.1", port), ClientSettings.local(), resources));
    CompletableFuture<String> f = c.execute(new ServerCommand.Version());
    assertThat(f).isCompletedExceptionally();
    Throwable t = failure(f);
    assertThat(t).isExactlyInstanceOf(NodeDownException.class);
    assertThat(((CacheException) t).outcomeUnknown()).isFalse();
  }

  @Test
  void killedServerFailsInFlightRequestsTypedThenReconnectsAfterRestartOnTheSamePort() throws Exception {
    MemcachedProcess memcached = closeLater(MemcachedProcess.start());
    NodeConnection c = connect(memcached.address(), ClientSettings.local().toBuilder()
        .requestTimeout(Duration.ofSeconds(2)).reconnect(Duration.ofMillis(10), Duration.ofMillis(100)).build());
    AsyncCacheClient<String> client = AsyncCacheClient.create(c).withTranscoder(Transcoders.utf8());
    client.set("k", 0, "v").get(5, TimeUnit.SECONDS);

    List<CompletableFuture<String>> load = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      load.add(client.get("k"));
      if (i == 1000) {
        memcached.kill();
      }
    }
    int ok = 0;
    int typed = 0;
    for (CompletableFuture<String> f : load) {
      try {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("v");
        ok++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOfAny(ConnectionLostException.class, NodeDownException.class);
        typed++;
      }
    }
    assertThat(ok + typed).isEqualTo(2000);
    assertThat(typed).isPositive();

    memcached.restart();
    await().atMost(Duration.ofSeconds(10)).until(c::isConnected);
    assertThat(client.set("k2", 0, "back").get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(client.get("k2").get(5, TimeUnit.SECONDS)).isEqualTo("back");
    assertThat(c.metrics().snapshot().reconnects()).isGreaterThanOrEqualTo(1);
    assertThat(c.outstanding()).isZero();
  }

  @Test
  void aForwardWithACallbackGetsTheAnswerOnceOrTheTypedFailure() throws Exception {
    FakeServer server = closeLater(new FakeServer(
        (conn, line, request) -> request.startsWith("version") ? FakeServer.ascii("VERSION " + line + "\r\n") : null, false));
    NodeConnection c = connect(server.address(), ClientSettings.lan().toBuilder()
        .requestTimeout(Duration.ofMillis(300)).build());
    List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.function.BiConsumer<io.netty.buffer.ByteBuf, Throwable> record = (answer, failure) -> {
      if (answer != null) {
        outcomes.add(answer.toString(StandardCharsets.US_ASCII));
        answer.release();
      } else {
        outcomes.add(failure.getClass().getSimpleName());
      }
    };
    c.forward(io.netty.buffer.Unpooled.copiedBuffer("version\r\n", StandardCharsets.US_ASCII), ResponseShape.LINE, record);
    await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() == 1);
    assertThat(outcomes).containsExactly("VERSION 0\r\n");

    c.forward(io.netty.buffer.Unpooled.copiedBuffer("stats\r\n", StandardCharsets.US_ASCII), ResponseShape.LINE, record);
    await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() == 2); // the server never answers
    assertThat(outcomes.get(1)).isEqualTo("RequestTimeoutException");

    c.close();
    c.forward(io.netty.buffer.Unpooled.copiedBuffer("version\r\n", StandardCharsets.US_ASCII), ResponseShape.LINE, record);
    assertThat(outcomes).hasSize(3); // refused at once, on this thread
    assertThat(outcomes.get(2)).isEqualTo("NodeDownException");
  }
}
