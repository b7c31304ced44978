package io.ringcache.client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * What a connection says first on every new channel, before any request and after every reconnect
 * too: a peer handshake, memcached's ASCII authentication. The channel carries requests only once
 * the greeting completed normally; a greeting that fails closes the channel, and the connection
 * tries again after its reconnect backoff.
 */
@FunctionalInterface
public interface ConnectionGreeting {

  /** Runs the greeting over {@code exchange}; called on the connection's event loop. */
  CompletableFuture<Void> greet(Exchange exchange);

  /** One request at a time on the channel being greeted. */
  interface Exchange {
    /**
     * Writes {@code request} (complete lines, a data block included) and completes with the one
     * answer line, without its CRLF.
     */
    CompletableFuture<String> send(byte[] request);
  }

  /** A greeting of one request whose answer must be {@code expected}, else the channel is closed. */
  static ConnectionGreeting expecting(byte[] request, String expected) {
    byte[] copy = request.clone();
    return exchange -> exchange.send(copy).thenAccept(answer -> {
      if (!answer.equals(expected)) {
        throw new GreetingRefusedException("answered \"" + answer + "\" instead of " + expected);
      }
    });
  }

  /**
   * memcached's ASCII authentication ({@code -Y}): a {@code set} of any key whose data is
   * "user password", answered {@code STORED}.
   */
  static ConnectionGreeting memcachedAuth(String user, String password) {
    byte[] token = (user + " " + password).getBytes(StandardCharsets.UTF_8);
    byte[] request = ("set auth 0 0 " + token.length + "\r\n" + user + " " + password + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
    return expecting(request, "STORED");
  }

  /** The server did not accept the greeting: the channel is closed and tried again later. */
  final class GreetingRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GreetingRefusedException(String message) {
      super(message);
    }
  }
}
