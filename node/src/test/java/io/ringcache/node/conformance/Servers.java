package io.ringcache.node.conformance;

import java.util.ArrayList;
import java.util.List;

/** Starts servers for a test and closes every one of them at the end, failures included. */
public final class Servers implements AutoCloseable {

    private final List<ServerUnderTest> started = new ArrayList<>();

    public MemcachedProcess memcached(String... options) {
        return keep(MemcachedProcess.start(List.of(options)));
    }

    public ServerUnderTest target(String... memcachedStyleOptions) {
        return keep(Targets.start(List.of(memcachedStyleOptions)));
    }

    /** Memcached and the target, both started with the same memcached-style options. */
    public List<ServerUnderTest> both(String... options) {
        return List.of(memcached(options), target(options));
    }

    private <S extends ServerUnderTest> S keep(S server) {
        started.add(server);
        return server;
    }

    @Override
    public void close() {
        for (ServerUnderTest server : started) {
            server.close();
        }
    }
}
