package io.ringcache.node.faults;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checker's judgement of one run: every anomaly found, and per type how many keys show it (a
 * key counts once per type however many nodes or answers show it).
 */
final class Verdict {

    private final List<Anomaly> anomalies = new ArrayList<>();
    private final Map<Anomaly.Type, Set<String>> keysByType = new EnumMap<>(Anomaly.Type.class);
    private final Map<Anomaly.Type, Set<String>> keysAfterRun = new EnumMap<>(Anomaly.Type.class);

    /** Evidence from what the nodes answered after the run settled. */
    void add(Anomaly.Type type, String key, String detail) {
        addDuringRun(type, key, detail);
        keysAfterRun.computeIfAbsent(type, t -> new HashSet<>()).add(key);
    }

    /** Evidence from an answer while the writers ran (a delete's NOT_FOUND, an increment, a reader's get). */
    void addDuringRun(Anomaly.Type type, String key, String detail) {
        anomalies.add(new Anomaly(type, key, detail));
        keysByType.computeIfAbsent(type, t -> new HashSet<>()).add(key);
    }

    /** Keys that show {@code type} in the read-back after the run (the state the cluster settled in). */
    int keysAfterRun(Anomaly.Type type) {
        Set<String> keys = keysAfterRun.get(type);
        return keys == null ? 0 : keys.size();
    }

    /** Keys that show {@code type}. */
    int keys(Anomaly.Type type) {
        Set<String> keys = keysByType.get(type);
        return keys == null ? 0 : keys.size();
    }

    List<Anomaly> anomalies() {
        return List.copyOf(anomalies);
    }

    /** Whether any anomaly that breaks the cluster's promises was found. */
    boolean unsafe() {
        return !anomalies.isEmpty();
    }
}
