package io.ringcache.node.admin;

import static io.ringcache.node.admin.StatMetric.counter;
import static io.ringcache.node.admin.StatMetric.gauge;
import static io.ringcache.node.admin.StatMetric.millisGauge;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The table from {@code stats} names to Prometheus metrics. A new counter in {@code stats} becomes a
 * metric by adding its line here; {@code StatMetricsTest} fails for a stat that has no line (the
 * metric is still exposed meanwhile, as {@code ringcache_unmapped_stat{stat="..."}}).
 */
final class StatMetrics {

    private static final String CMD = "ringcache_commands";
    private static final String RESULT = "ringcache_command_results";
    private static final String CMD_HELP = "Commands (for get: keys looked up), by command";
    private static final String RESULT_HELP = "Command outcomes by command and result (hit, miss, badval, expired, flushed)";

    static final List<StatMetric> TABLE = List.of(
            gauge("uptime", "ringcache_uptime_seconds", "Seconds since the node started"),
            gauge("curr_connections", "ringcache_connections_open", "Open client connections"),
            counter("total_connections", "ringcache_connections_accepted", "Client connections accepted"),
            counter("rejected_connections", "ringcache_connections_rejected", "Connections refused over the -c limit"),
            gauge("curr_peer_connections", "ringcache_peer_connections_open", "Open connections on the peer listener"),
            counter("total_peer_connections", "ringcache_peer_connections_accepted", "Connections the peer listener accepted"),
            counter("rejected_peer_connections", "ringcache_peer_connections_rejected", "Peer connections refused over --peer-conn-limit"),
            counter("cmd_get", CMD, CMD_HELP, "command", "get"),
            counter("cmd_set", CMD, CMD_HELP, "command", "set"),
            counter("cmd_flush", CMD, CMD_HELP, "command", "flush_all"),
            counter("cmd_touch", CMD, CMD_HELP, "command", "touch"),
            counter("get_hits", RESULT, RESULT_HELP, "command", "get", "result", "hit"),
            counter("get_misses", RESULT, RESULT_HELP, "command", "get", "result", "miss"),
            counter("get_expired", RESULT, RESULT_HELP, "command", "get", "result", "expired"),
            counter("get_flushed", RESULT, RESULT_HELP, "command", "get", "result", "flushed"),
            counter("delete_hits", RESULT, RESULT_HELP, "command", "delete", "result", "hit"),
            counter("delete_misses", RESULT, RESULT_HELP, "command", "delete", "result", "miss"),
            counter("incr_hits", RESULT, RESULT_HELP, "command", "incr", "result", "hit"),
            counter("incr_misses", RESULT, RESULT_HELP, "command", "incr", "result", "miss"),
            counter("decr_hits", RESULT, RESULT_HELP, "command", "decr", "result", "hit"),
            counter("decr_misses", RESULT, RESULT_HELP, "command", "decr", "result", "miss"),
            counter("cas_hits", RESULT, RESULT_HELP, "command", "cas", "result", "hit"),
            counter("cas_misses", RESULT, RESULT_HELP, "command", "cas", "result", "miss"),
            counter("cas_badval", RESULT, RESULT_HELP, "command", "cas", "result", "badval"),
            counter("touch_hits", RESULT, RESULT_HELP, "command", "touch", "result", "hit"),
            counter("touch_misses", RESULT, RESULT_HELP, "command", "touch", "result", "miss"),
            counter("bytes_read", "ringcache_network_received_bytes", "Bytes read from client connections"),
            counter("bytes_written", "ringcache_network_sent_bytes", "Bytes written to client connections"),
            gauge("limit_maxbytes", "ringcache_memory_limit_bytes", "Item memory limit (-m)"),
            gauge("threads", "ringcache_event_loop_threads", "Event-loop threads (-t)"),
            gauge("bytes", "ringcache_memory_used_bytes", "Item memory in use (keys, values, per-item overhead)"),
            gauge("curr_items", "ringcache_items", "Items stored"),
            counter("total_items", "ringcache_items_stored", "Items ever stored"),
            counter("expired_unfetched", "ringcache_items_expired_unfetched", "Expired items removed before anyone read them"),
            counter("evictions", "ringcache_evictions", "Live items evicted to make room"),
            counter("reclaimed", "ringcache_items_reclaimed", "Expired items reclaimed"),
            // per-connection limits (node/README.md, "Slow and hostile clients")
            counter("conn_yields", "ringcache_connection_yields", "Times a connection let the others of its event loop go first after -R commands"),
            counter("conn_output_paused", "ringcache_connection_pauses", "Times a connection stopped being read", "reason", "output_budget"),
            counter("conn_replies_paused", "ringcache_connection_pauses", "Times a connection stopped being read", "reason", "pending_replies"),
            counter("idle_kicks", "ringcache_connections_closed", "Connections closed by the node", "reason", "idle_timeout"),
            counter("conn_closed_read_timeout", "ringcache_connections_closed", "Connections closed by the node", "reason", "read_timeout"),
            counter("conn_closed_write_timeout", "ringcache_connections_closed", "Connections closed by the node", "reason", "write_timeout"),
            counter("conn_closed_output_limit", "ringcache_connections_closed", "Connections closed by the node", "reason", "output_limit"),
            counter("watchers_dropped", "ringcache_connections_closed", "Connections closed by the node", "reason", "watcher_not_reading"),
            gauge("receiving_bytes", "ringcache_receiving_values_bytes", "Bytes of values being received by all connections"),
            counter("receiving_refused", "ringcache_receiving_values_refused", "Values refused: the receiving limit was reached"),
            gauge("heap_used", "ringcache_jvm_heap_used_bytes", "JVM heap in use, garbage included"),
            gauge("heap_max", "ringcache_jvm_heap_max_bytes", "JVM heap limit"),
            gauge("direct_memory_used", "ringcache_direct_memory_used_bytes", "Direct (native) memory of the socket buffers in use"),
            gauge("direct_memory_max", "ringcache_direct_memory_max_bytes", "Direct memory limit"),
            // cluster (absent on a standalone node)
            gauge("cluster_epoch", "ringcache_ring_epoch", "Epoch of the ring this node routes by"),
            gauge("cluster_members", "ringcache_ring_members", "Members of the ring this node routes by"),
            gauge("cluster_peers_connected", "ringcache_peers_connected", "Ring members this node has a peer connection to"),
            counter("forwarded_requests", "ringcache_forwarded_requests", "Requests forwarded to their key's owner"),
            counter("forward_failovers", "ringcache_forward_failovers", "Forwarded requests that went to a key's next owner"),
            counter("forward_failover_waits", "ringcache_forward_failover_waits", "Forwarded writes whose answer was lost, passed to the next owner only after the last one's deadline"),
            counter("forward_reroutes", "ringcache_forward_reroutes", "Forwarded requests routed again after an owner was on another ring"),
            counter("forward_errors", "ringcache_forward_errors", "Forwarded requests that failed on every owner"),
            gauge("cluster_quorum", "ringcache_quorum", "1 while this node sees enough of its ring's members to serve"),
            gauge("cluster_settled", "ringcache_settled", "1 while no key waits for a pull from its other holders"),
            counter("replica_writes", "ringcache_replica_writes", "Replica writes sent to other owners"),
            counter("replica_retries", "ringcache_replica_retries", "Replica writes sent again within the replica deadline"),
            counter("replica_hinted", "ringcache_replica_hinted", "Replica writes an owner had not taken by the deadline (hinted)"),
            counter("replica_applied", "ringcache_replica_applied", "Copies from other owners stored here"),
            counter("replica_stale_skipped", "ringcache_replica_stale_skipped", "Copies from other owners not stored: this node held the key at that version or later"),
            gauge("hints_queued", "ringcache_hints_queued", "Keys waiting to be sent to an owner that missed their latest write"),
            counter("hints_replayed", "ringcache_hints_replayed", "Hinted keys sent to their owner"),
            counter("hints_dropped", "ringcache_hints_dropped", "Hints dropped: over the per-owner bound, or the owner left the ring"),
            gauge("tombstones", "ringcache_tombstones", "Deletes remembered against older copies"),
            counter("tombstones_evicted", "ringcache_tombstones_evicted", "Tombstones dropped before their window for want of memory"),
            counter("peer_requests_expired", "ringcache_peer_requests_expired", "Peer requests refused: read after the sender's deadline (a write: too close to it)"),
            counter("peer_requests_other_ring", "ringcache_peer_requests_other_ring", "Peer requests refused: routed by another ring epoch"),
            counter("settle_pulls", "ringcache_settle_pulls", "Copies asked of other holders before answering for an unsettled key"),
            counter("held_requests_lapsed", "ringcache_held_requests_lapsed", "Requests that waited for their keys' holders and were refused: a pause, a new ring or the sender's deadline came first"),
            counter("pauses_detected", "ringcache_pauses_detected", "Times this process found it had been stopped or starved past the pause threshold"),
            counter("rebalance_transfers_refused", "ringcache_rebalance_transfers_refused", "Transfers refused: this node does not own the key"),
            counter("peer_handshakes_accepted", "ringcache_peer_handshakes_accepted", "Peer connections that proved the cluster secret"),
            counter("peer_handshakes_refused", "ringcache_peer_handshakes_refused", "Peer connections refused before or at their handshake"),
            counter("gossip_frames_rejected", "ringcache_gossip_frames_rejected", "Gossip frames refused: not sealed with the cluster secret, stale, replayed or oversized"),
            gauge("rebalance_running", "ringcache_rebalance_running", "1 while this node's data does not yet follow the newest ring"),
            counter("rebalance_runs", "ringcache_rebalance_runs", "Store walks after ring changes"),
            gauge("rebalance_scanned", "ringcache_rebalance_scanned_items", "Items the current (or last) walk has looked at"),
            gauge("rebalance_to_scan", "ringcache_rebalance_to_scan_items", "Items the current (or last) walk looks at in all"),
            counter("rebalance_items_sent", "ringcache_rebalance_sent_items", "Items sent to new owners"),
            counter("rebalance_repair_pulls", "ringcache_rebalance_repair_pulls", "Keys a walking owner found newer on another owner, and pulled"),
            counter("rebalance_bytes_sent", "ringcache_rebalance_sent_bytes", "Bytes of items sent to new owners"),
            counter("rebalance_items_dropped", "ringcache_rebalance_dropped_items", "Items dropped here after their new owners took them"),
            counter("rebalance_errors", "ringcache_rebalance_errors", "Transfers that failed"),
            millisGauge("rebalance_last_ms", "ringcache_rebalance_last_duration_seconds", "How long the last walk took"),
            gauge("watchers", "ringcache_topology_watchers", "Connections holding an rc_topology watch"),
            counter("watchers_refused", "ringcache_topology_watchers_refused", "rc_topology watch refused: the node had --max-watchers"));

    /** Lines of {@code stats} that are no metric: identity (in ringcache_info's labels) or the clock. */
    static final Set<String> NOT_METRICS = Set.of("pid", "time", "version", "pointer_size", "cluster_fingerprint", "admin_port");

    static final Map<String, StatMetric> BY_STAT = TABLE.stream()
            .collect(Collectors.toUnmodifiableMap(StatMetric::stat, Function.identity()));

    private StatMetrics() {
    }
}
