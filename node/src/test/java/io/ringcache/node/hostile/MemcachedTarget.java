package io.ringcache.node.hostile;

import io.ringcache.node.conformance.MemcachedProcess;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalLong;

/** Debian's memcached beside the nodes, under the same attacks, to show what it does. */
final class MemcachedTarget implements Target, AutoCloseable {

    private final MemcachedProcess process;

    private MemcachedTarget(MemcachedProcess process) {
        this.process = process;
    }

    static MemcachedTarget start(int megabytes, String... extra) {
        List<String> options = new java.util.ArrayList<>(List.of("-m", Integer.toString(megabytes)));
        options.addAll(List.of(extra));
        return new MemcachedTarget(MemcachedProcess.start(options));
    }

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public InetSocketAddress address() {
        return process.address();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public OptionalLong heapAfterGc() {
        return OptionalLong.empty();
    }

    @Override
    public boolean isRingcache() {
        return false;
    }

    @Override
    public void close() {
        process.close();
    }
}
