package io.ringcache.node.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each node answered for each key after the run: the value, {@link Op#MISS}, or
 * {@code ERROR ...} when the node gave no usable answer.
 */
final class Readback {

    static final String ERROR_PREFIX = "ERROR ";

    private final Map<String, Map<String, String>> byKey = new ConcurrentHashMap<>();

    void record(String key, String nodeId, String answer) {
        byKey.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(nodeId, answer);
    }

    /** Node id to answer, sorted by node id; empty when the key was not read. */
    Map<String, String> answers(String key) {
        Map<String, String> answers = byKey.get(key);
        return answers == null ? Map.of() : new TreeMap<>(answers);
    }

    static boolean isError(String answer) {
        return answer.startsWith(ERROR_PREFIX);
    }
}
