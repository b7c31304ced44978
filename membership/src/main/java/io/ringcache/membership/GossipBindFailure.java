package io.ringcache.membership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import reactor.netty.ChannelBindException;

/**
 * The gossip port could not be listened on, said the JDK's way: a {@link BindException} carrying
 * the operating system's words ("Address already in use"), in an {@link UncheckedIOException} so
 * that it passes through scalecube's start as it is. Reactor Netty reports a failed bind as its
 * own {@link ChannelBindException} and drops the operating system's reason on the way, so the port
 * is bound once more here to hear it; callers then never need to know Reactor Netty's types.
 */
final class GossipBindFailure {

  private GossipBindFailure() {
  }

  /** {@code host} null means every interface, as for the listener itself. */
  static UncheckedIOException of(String host, int port, ChannelBindException failure) {
    BindException reason = probe(host, port, failure);
    String where = (host == null ? "*" : host) + ":" + port;
    return new UncheckedIOException("cannot listen for gossip on " + where + ": " + reason.getMessage(), reason);
  }

  private static BindException probe(String host, int port, ChannelBindException failure) {
    InetSocketAddress address = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    BindException reason;
    try (ServerSocket again = new ServerSocket()) {
      again.bind(address);
      // free again by now: all there is to say is what Reactor Netty said
      reason = new BindException(failure.getMessage());
    } catch (BindException refused) {
      reason = refused;
    } catch (IOException refused) {
      reason = new BindException(refused.getMessage());
      reason.initCause(refused);
    }
    reason.addSuppressed(failure);
    return reason;
  }
}
