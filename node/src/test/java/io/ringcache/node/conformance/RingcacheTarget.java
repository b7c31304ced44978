package io.ringcache.node.conformance;

import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A ringcache node started in this JVM on 127.0.0.1 and a free port, configured from the same
 * memcached-style options the oracle gets, so both sides of a comparison run with the same limits.
 */
final class RingcacheTarget implements ServerUnderTest {

    private final CacheNode node;

    private RingcacheTarget(CacheNode node) {
        this.node = node;
    }

    /** Understands the options the suites pass to memcached: {@code -m -I -c -M}; anything else is a test bug. */
    static RingcacheTarget start(List<String> memcachedOptions) {
        NodeSettings.Builder settings = NodeSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .memoryLimitMegabytes(64)
                .eventLoopThreads(2);
        for (Iterator<String> options = memcachedOptions.iterator(); options.hasNext(); ) {
            String option = options.next();
            switch (option) {
                case "-m" -> settings.memoryLimitMegabytes(Long.parseLong(options.next()));
                case "-I" -> settings.maxItemSize(parseSize(options.next()));
                case "-c" -> settings.maxConnections(Integer.parseInt(options.next()));
                case "-M" -> settings.evictionEnabled(false);
                default -> throw new IllegalArgumentException("no ringcache equivalent wired for " + option);
            }
        }
        return new RingcacheTarget(CacheNode.start(settings.build()));
    }

    private static int parseSize(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        if (s.endsWith("k")) {
            return Integer.parseInt(s.substring(0, s.length() - 1)) * 1024;
        }
        if (s.endsWith("m")) {
            return Integer.parseInt(s.substring(0, s.length() - 1)) * 1024 * 1024;
        }
        return Integer.parseInt(s);
    }

    @Override
    public String name() {
        return "ringcache";
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", node.port());
    }

    @Override
    public void close() {
        node.close();
    }
}
