package io.ringcache.node.conformance;

import java.net.InetSocketAddress;

/** A running server the suite talks to over a socket: real memcached or a ringcache node. */
public interface ServerUnderTest extends AutoCloseable {

    /** Short name for failure messages, e.g. {@code memcached 1.6.18} or {@code ringcache}. */
    String name();

    InetSocketAddress address();

    @Override
    void close();
}
