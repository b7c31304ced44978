package io.ringcache.node.faults;

import java.nio.file.Path;
import java.util.List;

/** Where a scenario's nodes live and how they are reached: loopback, or network namespaces. */
interface Layout extends AutoCloseable {

    /** A node (not started) at position {@code index} of the layout, joining through {@code seeds} (gossip addresses). */
    NodeJvm node(String nodeId, int index, List<String> seeds, List<String> extra, Path logDir);

    @Override
    void close();
}
