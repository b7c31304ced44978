package io.ringcache.membership;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A gossip port that cannot be had comes out of {@link Membership#start} as a {@link BindException}
 * in the operating system's words, so that callers tell it apart by type, never by a class name or
 * message of the libraries underneath.
 */
class GossipBindTest {

  @Test
  void aTakenGossipPortFailsTheStartWithABindException() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      MembershipSettings settings = MembershipSettings.local()
          .nodeId("n1")
          .clientAddress("127.0.0.1:20000")
          .gossipPort(taken.getLocalPort())
          .leaveOnShutdown(false)
          .secret(MembershipClusterTest.SECRET)
          .bindHost("127.0.0.1")
          .build();

      assertThatThrownBy(() -> Membership.start(settings).close())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("cannot listen for gossip on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use")
          .cause()
          .isInstanceOf(BindException.class)
          .hasMessage("Address already in use");
    }
  }
}
