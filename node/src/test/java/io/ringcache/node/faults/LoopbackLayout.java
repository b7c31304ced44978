package io.ringcache.node.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/** Every node on 127.0.0.1, on free ports chosen once (a restarted node takes the same ones again). */
final class LoopbackLayout implements Layout {

    @Override
    public NodeJvm node(String nodeId, int index, List<String> seeds, List<String> extra, Path logDir) {
        return new NodeJvm(nodeId, "127.0.0.1", freePort(), freePort(), List.of(), seeds, extra, logDir);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // nothing was made
    }
}
