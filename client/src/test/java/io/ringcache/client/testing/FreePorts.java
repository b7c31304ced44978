package io.ringcache.client.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for servers a test starts in another process, which binds them a moment later.
 *
 * <p>A port found by binding port 0 and closing it comes from the kernel's ephemeral range, the
 * same range every outgoing connection takes its local port from; with many connections opened
 * meanwhile, one sometimes took the port first and the server process exited (a cluster then
 * never formed: CI saw a 3-member cluster stay at 2 for 30 s). So ports are handed out from below
 * the ephemeral range ({@code net.ipv4.ip_local_port_range}), where no outgoing connection lands,
 * each checked free by binding it. The start is random so that two test JVMs rarely walk the same
 * ports.
 */
public final class FreePorts {

    /** The first port handed out; below it sit well-known services (memcached's 11211 is checked like any other). */
    private static final int LOWEST = 10_000;
    private static final int EPHEMERAL_LOW = ephemeralLow();
    private static final AtomicInteger NEXT =
            new AtomicInteger((int) (ProcessHandle.current().pid() * 7919 % Math.max(1, EPHEMERAL_LOW - LOWEST)));

    private FreePorts() {
    }

    /** A port on 127.0.0.1 that was free just now and that no outgoing connection will take. */
    public static int next() {
        int span = EPHEMERAL_LOW - LOWEST;
        if (span < 1_000) {
            return anyFree(); // an unusual range setting: fall back to the kernel's choice
        }
        for (int tries = 0; tries < span; tries++) {
            int port = LOWEST + Math.floorMod(NEXT.getAndIncrement(), span);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + LOWEST + ".." + (EPHEMERAL_LOW - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int anyFree() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The low end of the kernel's ephemeral port range (32768 when it cannot be read: Linux's default). */
    static int ephemeralLow() {
        try {
            // not Files.readString: a /proc file reports size 0, and a read sized by it returned one byte
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > LOWEST ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
