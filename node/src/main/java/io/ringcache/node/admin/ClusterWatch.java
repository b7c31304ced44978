package io.ringcache.node.admin;

import io.ringcache.node.cluster.ClusterState;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Builds {@link ClusterView}s: this node's own stats read in place, every other member's asked over
 * its client port, all at once. A view is reused for {@link #MAX_AGE_MILLIS}, so any number of open
 * dashboards and health checks cost the members one {@code stats} each per interval.
 */
final class ClusterWatch implements AutoCloseable {

    static final long MAX_AGE_MILLIS = 500;

    private final Supplier<ClusterState> state;
    private final Supplier<Map<String, String>> localStats;
    private final String localAddress;
    private final MemberStats remote = new MemberStats();
    private CompletableFuture<ClusterView> latest;
    private long latestAtNanos;

    /** {@code state} is null for a standalone node. */
    ClusterWatch(Supplier<ClusterState> state, Supplier<Map<String, String>> localStats, String localAddress) {
        this.state = state;
        this.localStats = localStats;
        this.localAddress = localAddress;
    }

    /** A view at most {@link #MAX_AGE_MILLIS} old (or the one being built); never blocks. */
    synchronized CompletableFuture<ClusterView> view() {
        long now = System.nanoTime();
        if (latest == null || (latest.isDone() && now - latestAtNanos > MAX_AGE_MILLIS * 1_000_000)) {
            latest = build();
            latestAtNanos = now;
        }
        return latest;
    }

    private CompletableFuture<ClusterView> build() {
        if (state == null) {
            return CompletableFuture.completedFuture(
                    ClusterView.standalone(localStats.get(), localAddress, System.currentTimeMillis()));
        }
        ClusterState s = state.get();
        List<ClusterView.Row> rows = ClusterView.rows(s);
        Map<String, Map<String, String>> stats = new ConcurrentHashMap<>();
        Map<String, String> errors = new ConcurrentHashMap<>();
        Set<String> addresses = new HashSet<>();
        CompletableFuture<?>[] asks = rows.stream().map(row -> {
            if (row.id().equals(s.selfId())) {
                stats.put(row.id(), localStats.get());
                return CompletableFuture.completedFuture(null);
            }
            if (row.address() == null) {
                return CompletableFuture.completedFuture(null);
            }
            addresses.add(row.address());
            return remote.fetch(row.address()).handle((answer, failure) -> {
                if (failure != null) {
                    errors.put(row.id(), "unreachable: " + rootMessage(failure));
                } else {
                    stats.put(row.id(), answer);
                }
                return null;
            });
        }).toArray(CompletableFuture[]::new);
        remote.retain(addresses);
        return CompletableFuture.allOf(asks).thenApply(done ->
                ClusterView.of(s, rows, new LinkedHashMap<>(stats), errors, System.currentTimeMillis()));
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        remote.close();
    }
}
