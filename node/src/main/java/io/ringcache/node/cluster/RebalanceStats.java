package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebalancing progress and totals for {@code stats} (the rebalance_* lines). {@code rebalance_running}
 * is 1 from a ring change until this node's data follows the newest ring.
 */
final class RebalanceStats {
    final AtomicLong running = new AtomicLong();
    final AtomicLong runs = new AtomicLong();
    final AtomicLong scanned = new AtomicLong();
    final AtomicLong toScan = new AtomicLong();
    final AtomicLong itemsSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong itemsDropped = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    /** Keys an owner found newer on another owner while walking, and pulled. */
    final AtomicLong repairPulls = new AtomicLong();
    final AtomicLong lastMillis = new AtomicLong();

    void write(ByteBuf out) {
        stat(out, "rebalance_running", running.get());
        stat(out, "rebalance_runs", runs.get());
        stat(out, "rebalance_scanned", scanned.get());
        stat(out, "rebalance_to_scan", toScan.get());
        stat(out, "rebalance_items_sent", itemsSent.get());
        stat(out, "rebalance_bytes_sent", bytesSent.get());
        stat(out, "rebalance_items_dropped", itemsDropped.get());
        stat(out, "rebalance_errors", errors.get());
        stat(out, "rebalance_repair_pulls", repairPulls.get());
        stat(out, "rebalance_last_ms", lastMillis.get());
    }

    private static void stat(ByteBuf out, String name, long value) {
        ClusterStats.stat(out, name, value);
    }
}
