package io.ringcache.node.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A server process under attack: where to reach it and what its memory looks like from outside. */
interface Target {

    String name();

    /** The address the attacks and the bystander use (for a cluster, its entry node). */
    InetSocketAddress address();

    long pid();

    /** Resident memory of the process, from /proc. */
    default long rssBytes() {
        return rssOf(pid());
    }

    /** Live heap after a full collection, for a JVM; empty for memcached. */
    OptionalLong heapAfterGc();

    /** Whether it is a ringcache node (its stats have the io counters). */
    boolean isRingcache();

    static long rssOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS for process " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
