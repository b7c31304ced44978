package io.ringcache.node.conformance;

import java.util.List;

/**
 * The server under test: a ringcache node by default. {@code -Dconformance.target=memcached} points
 * the suite at a second memcached instead, which must then agree with the oracle exactly: that
 * proves the harness and the scripts, separately from ringcache.
 */
public final class Targets {

    public static final String PROPERTY = "conformance.target";

    private Targets() {
    }

    public static String selected() {
        return System.getProperty(PROPERTY, "ringcache");
    }

    /** True when the target is ringcache, so rows where ringcache deliberately differs apply. */
    public static boolean isRingcache() {
        return selected().equals("ringcache");
    }

    public static ServerUnderTest start() {
        return start(List.of());
    }

    /** The target started with memcached-style options ({@code -I}, {@code -c}, {@code -M}, {@code -m}). */
    public static ServerUnderTest start(List<String> memcachedOptions) {
        String target = selected();
        if (target.equals("memcached")) {
            return MemcachedProcess.start(memcachedOptions);
        }
        if (target.equals("ringcache")) {
            return RingcacheTarget.start(memcachedOptions);
        }
        throw new IllegalArgumentException("unknown " + PROPERTY + "=" + target + " (memcached or ringcache)");
    }
}
