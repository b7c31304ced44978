package io.ringcache.node.faults;

import io.ringcache.client.testing.FreePorts;
import java.nio.file.Path;
import java.util.List;

/** Every node on 127.0.0.1, on free ports chosen once (a restarted node takes the same ones again). */
final class LoopbackLayout implements Layout {

    @Override
    public NodeJvm node(String nodeId, int index, List<String> seeds, List<String> extra, Path logDir) {
        return new NodeJvm(nodeId, "127.0.0.1", FreePorts.next(), FreePorts.next(), List.of(), seeds, extra, logDir);
    }

    @Override
    public void close() {
        // nothing was made
    }
}
