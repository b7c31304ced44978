package io.ringcache.client;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable connection settings. Start from a preset ({@link #local()}, {@link #lan()}, {@link #wan()})
 * and adjust with {@link #toBuilder()}. Every limit here is enforced by the connection.
 */
public final class ClientSettings {
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration stuckGrace;
  private final Duration timeoutTick;
  private final Duration reconnectMin;
  private final Duration reconnectMax;
  private final int maxOutstanding;
  private final int maxPendingWriteBytes;
  private final int maxLineBytes;
  private final int maxValueBytes;
  private final SslContext tls;
  private final String user;
  private final String password;

  private ClientSettings(Builder b) {
    connectTimeout = positive(b.connectTimeout, "connectTimeout");
    requestTimeout = positive(b.requestTimeout, "requestTimeout");
    stuckGrace = positive(b.stuckGrace, "stuckGrace");
    timeoutTick = positive(b.timeoutTick, "timeoutTick");
    reconnectMin = positive(b.reconnectMin, "reconnectMin");
    reconnectMax = positive(b.reconnectMax, "reconnectMax");
    if (reconnectMax.compareTo(reconnectMin) < 0) {
      throw new IllegalArgumentException("reconnectMax (" + reconnectMax + ") < reconnectMin ("
          + reconnectMin + ")");
    }
    maxOutstanding = atLeast(b.maxOutstanding, 1, "maxOutstanding");
    maxPendingWriteBytes = atLeast(b.maxPendingWriteBytes, 1024, "maxPendingWriteBytes");
    maxLineBytes = atLeast(b.maxLineBytes, 64, "maxLineBytes");
    maxValueBytes = atLeast(b.maxValueBytes, 1, "maxValueBytes");
    tls = b.tls;
    if (tls != null && !tls.isClient()) {
      throw new IllegalArgumentException("tls needs a client SslContext (SslContextBuilder.forClient())");
    }
    user = b.user;
    password = b.password;
  }

  /** Same host: tight timeouts, fast reconnect. */
  public static ClientSettings local() {
    return new Builder().requestTimeout(Duration.ofMillis(250)).connectTimeout(Duration.ofMillis(250))
        .reconnect(Duration.ofMillis(10), Duration.ofSeconds(1)).build();
  }

  /** One data centre: the default. */
  public static ClientSettings lan() {
    return new Builder().build();
  }

  /** Across regions: round trips of tens of milliseconds, slower give-up. */
  public static ClientSettings wan() {
    return new Builder().requestTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(3))
        .stuckGrace(Duration.ofSeconds(5)).reconnect(Duration.ofMillis(200), Duration.ofSeconds(30))
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.stuckGrace = stuckGrace;
    b.timeoutTick = timeoutTick;
    b.reconnectMin = reconnectMin;
    b.reconnectMax = reconnectMax;
    b.maxOutstanding = maxOutstanding;
    b.maxPendingWriteBytes = maxPendingWriteBytes;
    b.maxLineBytes = maxLineBytes;
    b.maxValueBytes = maxValueBytes;
    b.tls = tls;
    b.user = user;
    b.password = password;
    return b;
  }

  public Duration connectTimeout() { return connectTimeout; }
  public Duration requestTimeout() { return requestTimeout; }
  public Duration stuckGrace() { return stuckGrace; }
  public Duration timeoutTick() { return timeoutTick; }
  public Duration reconnectMin() { return reconnectMin; }
  public Duration reconnectMax() { return reconnectMax; }
  public int maxOutstanding() { return maxOutstanding; }
  public int maxPendingWriteBytes() { return maxPendingWriteBytes; }
  public int maxLineBytes() { return maxLineBytes; }
  public int maxValueBytes() { return maxValueBytes; }
  /** TLS for every connection (a client context), or null for plain TCP. */
  public SslContext tls() { return tls; }

  /** memcached's ASCII authentication sent first on every connection, or null when none is set. */
  public ConnectionGreeting authentication() {
    return user == null ? null : ConnectionGreeting.memcachedAuth(user, password);
  }

  @Override
  public String toString() {
    return "ClientSettings{connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
        + ", stuckGrace=" + stuckGrace + ", timeoutTick=" + timeoutTick + ", reconnect=" + reconnectMin
        + ".." + reconnectMax + ", maxOutstanding=" + maxOutstanding + ", maxPendingWriteBytes="
        + maxPendingWriteBytes + ", maxLineBytes=" + maxLineBytes + ", maxValueBytes=" + maxValueBytes
        + ", tls=" + (tls != null) + ", user=" + user + "}"; // never the password
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  private static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  public static final class Builder {
    /** TCP connect within a data centre takes well under a millisecond; a second means trouble. */
    private Duration connectTimeout = Duration.ofSeconds(1);
    /** memcached answers in microseconds; a second covers GC pauses and large values. */
    private Duration requestTimeout = Duration.ofSeconds(1);
    /**
     * How long past its timeout the oldest request may stay unanswered before the connection is
     * declared stuck, closed and rebuilt (its answer can no longer be told apart from later ones).
     */
    private Duration stuckGrace = Duration.ofSeconds(1);
    /** Timeouts are checked by one periodic sweep per connection; this is their resolution. */
    private Duration timeoutTick = Duration.ofMillis(10);
    /** Reconnect delays grow exponentially from min to max, each with full jitter. */
    private Duration reconnectMin = Duration.ofMillis(50);
    private Duration reconnectMax = Duration.ofSeconds(5);
    /** Requests written but not answered, per connection; beyond it new requests fail fast. */
    private int maxOutstanding = 4096;
    /** Bytes queued for the socket but not yet written; beyond it new requests fail fast. */
    private int maxPendingWriteBytes = 16 << 20;
    /** Longest response line accepted (memcached's own lines stay far below). */
    private int maxLineBytes = 8192;
    /** Largest value block accepted in an answer; memcached's -I maximum is 1 GiB. */
    private int maxValueBytes = 128 << 20;
    /** Plain TCP unless a client SslContext is given. */
    private SslContext tls;
    /** No authentication unless credentials are given. */
    private String user;
    private String password;

    public Builder connectTimeout(Duration d) { connectTimeout = d; return this; }
    public Builder requestTimeout(Duration d) { requestTimeout = d; return this; }
    public Builder stuckGrace(Duration d) { stuckGrace = d; return this; }
    public Builder timeoutTick(Duration d) { timeoutTick = d; return this; }
    public Builder reconnect(Duration min, Duration max) { reconnectMin = min; reconnectMax = max; return this; }
    public Builder maxOutstanding(int n) { maxOutstanding = n; return this; }
    public Builder maxPendingWriteBytes(int n) { maxPendingWriteBytes = n; return this; }
    public Builder maxLineBytes(int n) { maxLineBytes = n; return this; }
    public Builder maxValueBytes(int n) { maxValueBytes = n; return this; }
    /** TLS on every connection, e.g. {@code SslContextBuilder.forClient().trustManager(caFile).build()}. */
    public Builder tls(SslContext clientContext) { tls = clientContext; return this; }

    /**
     * memcached's ASCII authentication ({@code -Y}): every connection first sends these credentials.
     * Neither may contain a space or a line break (memcached splits the token at the first space).
     */
    public Builder credentials(String user, String password) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (user.isEmpty() || user.matches(".*[\\s].*") || password.matches(".*[\\r\\n].*")) {
        throw new IllegalArgumentException("a user has no whitespace and a password no line break");
      }
      this.user = user;
      this.password = password;
      return this;
    }

    public ClientSettings build() {
      return new ClientSettings(this);
    }
  }
}
