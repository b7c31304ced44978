package io.ringcache.node.server;

import io.netty.buffer.ByteBuf;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.ErrorReply;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.StoreCounters;

/** Writes the answers to {@code stats [group]} in memcached's names. */
public final class StatsReport {

    /**
     * Tools switch on memcached 1.6 behaviour (meta commands) when the version starts with 1.6, so
     * we name the memcached version whose protocol we follow and append our own.
     */
    public static final String VERSION = "1.6.18-ringcache-0.1.0";
    static final byte[] VERSION_LINE = Responses.line("VERSION " + VERSION);

    private final NodeSettings settings;
    private final NodeStats stats;
    private final ItemStore store;
    private final long startedAtSeconds;
    private final long pid = ProcessHandle.current().pid();
    /** Written after the general group's own lines, in the order added. */
    private final java.util.List<StatsSection> extra = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** More {@code STAT} lines for the general group (a cluster node's figures). */
    @FunctionalInterface
    public interface StatsSection {
        void write(ByteBuf out);
    }

    public StatsReport(NodeSettings settings, NodeStats stats, ItemStore store) {
        this.settings = settings;
        this.stats = stats;
        this.store = store;
        this.startedAtSeconds = store.nowSeconds();
    }

    /** Adds {@code section}'s lines to the general group, after the ones added before. */
    public void extra(StatsSection section) {
        extra.add(section);
    }

    void write(String group, ByteBuf out) {
        switch (group) {
            case "" -> general(out);
            case "settings" -> settings(out);
            case "items", "slabs", "sizes", "conns" -> { }
            case "reset" -> {
                stats.reset();
                store.resetCounters();
                out.writeBytes(Responses.RESET);
                return;
            }
            default -> {
                out.writeBytes(ErrorReply.ERROR.line());
                return;
            }
        }
        out.writeBytes(Responses.END);
    }

    /** The general group's {@code STAT} lines (no END), as {@code stats} answers them; from any thread. */
    public void writeGeneral(ByteBuf out) {
        general(out);
    }

    private void general(ByteBuf out) {
        long now = store.nowSeconds();
        StoreCounters counters = store.counters();
        store.cleanUp();
        stat(out, "pid", pid);
        stat(out, "uptime", now - startedAtSeconds);
        stat(out, "time", now);
        Responses.stat(out, "version", VERSION);
        stat(out, "pointer_size", 64);
        stat(out, "curr_connections", stats.currConnections.get());
        stat(out, "total_connections", stats.totalConnections.sum());
        stat(out, "rejected_connections", stats.rejectedConnections.sum());
        stat(out, "curr_peer_connections", stats.currPeerConnections.get());
        stat(out, "total_peer_connections", stats.totalPeerConnections.sum());
        stat(out, "rejected_peer_connections", stats.rejectedPeerConnections.sum());
        stat(out, "cmd_get", stats.cmdGet.sum());
        stat(out, "cmd_set", stats.cmdSet.sum());
        stat(out, "cmd_flush", stats.cmdFlush.sum());
        stat(out, "cmd_touch", stats.cmdTouch.sum());
        stat(out, "get_hits", stats.getHits.sum());
        stat(out, "get_misses", stats.getMisses.sum());
        stat(out, "get_expired", counters.expiredOnRead());
        stat(out, "get_flushed", counters.flushedOnRead());
        stat(out, "delete_misses", stats.deleteMisses.sum());
        stat(out, "delete_hits", stats.deleteHits.sum());
        stat(out, "incr_misses", stats.incrMisses.sum());
        stat(out, "incr_hits", stats.incrHits.sum());
        stat(out, "decr_misses", stats.decrMisses.sum());
        stat(out, "decr_hits", stats.decrHits.sum());
        stat(out, "cas_misses", stats.casMisses.sum());
        stat(out, "cas_hits", stats.casHits.sum());
        stat(out, "cas_badval", stats.casBadval.sum());
        stat(out, "touch_hits", stats.touchHits.sum());
        stat(out, "touch_misses", stats.touchMisses.sum());
        stat(out, "bytes_read", stats.bytesRead.sum());
        stat(out, "bytes_written", stats.bytesWritten.sum());
        stat(out, "limit_maxbytes", settings.memoryLimitBytes());
        stat(out, "threads", settings.eventLoopThreads());
        stat(out, "bytes", store.usedBytes());
        stat(out, "curr_items", store.itemCount());
        stat(out, "total_items", counters.totalItems());
        stat(out, "expired_unfetched", counters.reclaimed());
        stat(out, "evictions", counters.evictions());
        stat(out, "reclaimed", counters.reclaimed());
        connectionLimits(out);
        for (StatsSection section : extra) {
            section.write(out);
        }
    }

    /** What the per-connection limits did (node/README.md), and the memory they guard. */
    private void connectionLimits(ByteBuf out) {
        stat(out, "conn_yields", stats.connYields.sum());
        stat(out, "conn_output_paused", stats.outputPauses.sum());
        stat(out, "conn_replies_paused", stats.repliesPauses.sum());
        stat(out, "idle_kicks", stats.closedBy(CloseReason.IDLE));
        stat(out, "conn_closed_read_timeout", stats.closedBy(CloseReason.READ_TIMEOUT));
        stat(out, "conn_closed_write_timeout", stats.closedBy(CloseReason.WRITE_TIMEOUT));
        stat(out, "conn_closed_output_limit", stats.closedBy(CloseReason.OUTPUT_LIMIT));
        stat(out, "watchers_dropped", stats.closedBy(CloseReason.WATCHER_NOT_READING));
        stat(out, "receiving_bytes", stats.receiving.used());
        stat(out, "receiving_refused", stats.receiving.refused());
        Runtime runtime = Runtime.getRuntime();
        stat(out, "heap_used", runtime.totalMemory() - runtime.freeMemory());
        stat(out, "heap_max", runtime.maxMemory());
        stat(out, "direct_memory_used", MemoryFigures.directMemoryUsed());
        stat(out, "direct_memory_max", MemoryFigures.directMemoryMax());
    }

    private void settings(ByteBuf out) {
        stat(out, "maxbytes", settings.memoryLimitBytes());
        stat(out, "maxconns", settings.maxConnections());
        stat(out, "tcpport", settings.port());
        Responses.stat(out, "inter", settings.host());
        Responses.stat(out, "domain_socket", settings.unixSocket() == null ? "NULL" : settings.unixSocket().path().toString());
        Responses.stat(out, "umask", Integer.toOctalString(settings.unixSocket() == null
                ? io.ringcache.node.UnixSocket.DEFAULT_ACCESS_MASK : settings.unixSocket().accessMask()));
        stat(out, "verbosity", settings.verbosity());
        Responses.stat(out, "evictions", settings.evictionEnabled() ? "on" : "off");
        stat(out, "num_threads", settings.eventLoopThreads());
        Responses.stat(out, "cas_enabled", "yes");
        stat(out, "item_size_max", settings.maxItemSize());
        stat(out, "key_max_length", settings.maxKeyLength());
        stat(out, "max_line_length", settings.maxLineLength());
        stat(out, "max_get_line_length", settings.maxGetLineLength());
        stat(out, "idle_timeout", settings.idleTimeout().toSeconds());
        stat(out, "read_timeout", settings.readTimeout().toSeconds());
        stat(out, "reqs_per_event", settings.ioLimits().requestsPerEvent());
        stat(out, "conn_output_budget", settings.ioLimits().outputBudgetBytes());
        stat(out, "conn_output_limit", settings.ioLimits().outputLimitBytes());
        stat(out, "write_timeout", settings.ioLimits().writeTimeout().toSeconds());
        stat(out, "max_pending_replies", settings.ioLimits().maxPendingReplies());
        stat(out, "max_watchers", settings.ioLimits().maxWatchers());
        stat(out, "receiving_limit", settings.ioLimits().receivingLimitBytes());
        stat(out, "maxconns_peers", settings.ioLimits().maxPeerConnections());
    }

    private static void stat(ByteBuf out, String name, long value) {
        Responses.stat(out, name, Long.toString(value));
    }
}
