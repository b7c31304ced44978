package io.ringcache.node.server;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * The process's direct (native) memory as the buffers see it: Netty's own count when it allocates
 * without the JDK's cleaner (bin/ringcache-node turns that on), else the JDK's direct buffer pool.
 */
final class MemoryFigures {

    private static final BufferPoolMXBean DIRECT_POOL = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
            .stream().filter(pool -> pool.getName().equals("direct")).findFirst().orElse(null);

    private MemoryFigures() {
    }

    static long directMemoryUsed() {
        if (PlatformDependent.useDirectBufferNoCleaner()) {
            return PlatformDependent.usedDirectMemory();
        }
        return DIRECT_POOL == null ? -1 : DIRECT_POOL.getMemoryUsed();
    }

    static long directMemoryMax() {
        return PlatformDependent.maxDirectMemory();
    }
}
