package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A refused connection is the only answer that lets a sender stop waiting out a lost write's
 * deadline; a listener that accepts (a running, or a stopped, process) says nothing.
 */
class ListenerGoneTest {

    @Test
    void aPortNothingListensOnIsGone() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertThat(ListenerGone.at("127.0.0.1:" + port).get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aListenerThatAcceptsIsNotGone() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(ListenerGone.at("127.0.0.1:" + open.getLocalPort()).get(5, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void anAddressThatCannotBeReadSaysNothing() throws Exception {
        assertThat(ListenerGone.at("no port here").get(5, TimeUnit.SECONDS)).isFalse();
    }
}
