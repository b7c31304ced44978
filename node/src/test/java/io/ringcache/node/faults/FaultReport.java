package io.ringcache.node.faults;

import io.ringcache.ring.Ring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's report: one line on stdout ({@code FAULTS <scenario> acked=.. lost=.. ...}) and the same
 * line in {@code node/target/faults/<scenario>.txt}, followed there by the run's events, each
 * anomaly with the key's owners on the final ring, and where the node logs are.
 */
final class FaultReport {

    static final Path DIR = Path.of("target", "faults");

    private FaultReport() {
    }

    static String line(FaultRun.Result r) {
        List<Op> all = r.history().all();
        long acked = all.stream().filter(op -> op.kind() != Op.Kind.READ && op.ok()).count();
        long errors = all.stream().filter(op -> op.kind() != Op.Kind.READ && !op.ok()).count();
        long stall = all.stream().mapToLong(Op::millis).max().orElse(0);
        Verdict v = r.verdict();
        return "FAULTS " + r.scenario() + " acked=" + acked + " lost=" + v.keys(Anomaly.Type.LOST)
                + " undone-deletes=" + v.keys(Anomaly.Type.UNDONE_DELETE)
                + " double-applied=" + v.keys(Anomaly.Type.DOUBLE_APPLIED)
                + " backwards=" + v.keys(Anomaly.Type.BACKWARDS) + " errors=" + errors
                + " longest-stall-ms=" + stall + " expiry-violations=" + v.keys(Anomaly.Type.EXPIRY_VIOLATION);
    }

    /** The failed writes counted by kind and answer ("INCR SERVER_ERROR unknown_outcome ...=3"), most first. */
    static String errorsByAnswer(List<Op> all) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (Op op : all) {
            if (op.kind() != Op.Kind.READ && !op.ok()) {
                String answer = op.answer() == null ? "-" : op.answer().strip();
                String what = op.kind() + " " + (answer.length() > 60 ? answer.substring(0, 60) : answer);
                counts.merge(what, 1L, Long::sum);
            }
        }
        return counts.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(e -> e.getKey() + "=" + e.getValue()).toList().toString();
    }

    static void write(FaultRun.Result r, List<String> events, Ring ring, List<NodeJvm> live) {
        String line = line(r);
        System.out.println(line);
        List<String> out = new ArrayList<>();
        out.add(line);
        Verdict v = r.verdict();
        out.add("also: phantom=" + v.keys(Anomaly.Type.PHANTOM) + " unreadable=" + v.keys(Anomaly.Type.UNREADABLE)
                + " evictions=" + r.evictions() + " (each figure above counts keys; acked and errors count writes)");
        out.add("errors by answer: " + errorsByAnswer(r.history().all()));
        out.add("in the read-back after the run (the rest only in answers during it): lost="
                + v.keysAfterRun(Anomaly.Type.LOST) + " undone-deletes=" + v.keysAfterRun(Anomaly.Type.UNDONE_DELETE)
                + " double-applied=" + v.keysAfterRun(Anomaly.Type.DOUBLE_APPLIED)
                + " expiry-violations=" + v.keysAfterRun(Anomaly.Type.EXPIRY_VIOLATION));
        out.add("");
        out.add("events (run clock):");
        synchronized (events) {
            events.forEach(e -> out.add("  " + e));
        }
        out.add("");
        out.add("final ring: epoch " + ring.epoch() + " " + ring.memberIds() + "; nodes read: "
                + live.stream().map(NodeJvm::toString).toList());
        out.add("anomalies (" + v.anomalies().size() + "):");
        for (Anomaly a : v.anomalies()) {
            out.add("  " + a.type() + " " + a.key() + " owners " + FaultCluster.owners(ring, a.key()) + ": " + a.detail());
        }
        out.add("");
        out.add("node logs (appended across runs, '---- start' marks each start): "
                + DIR.resolve("logs").resolve(r.scenario()).toAbsolutePath());
        try {
            Files.createDirectories(DIR);
            Files.write(DIR.resolve(r.scenario() + ".txt"), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
