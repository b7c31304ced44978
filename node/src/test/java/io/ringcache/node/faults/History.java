package io.ringcache.node.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every operation of a run, by key and in the order its writer sent them. Each key has exactly one
 * writer, so a key's operations never overlap and their order is the order they took effect in, as
 * far as the cluster keeps its promises. Readers' reads of counters are kept apart: they overlap the
 * writes and are judged against time, not order. Thread-safe: writers and readers record concurrently.
 */
final class History {

    /** What a key is for; the checker judges each kind by its own rule. */
    enum KeyType {
        /** set/delete of unique values, no TTL. */
        REGISTER,
        /** set to 0 once, then incr by 1. */
        COUNTER,
        /** set once, then one touch/gat/mg T to a short TTL. */
        EXPIRING
    }

    private final Map<String, KeyType> types = new ConcurrentHashMap<>();
    private final Map<String, List<Op>> writes = new ConcurrentHashMap<>();
    private final Map<String, List<Op>> reads = new ConcurrentHashMap<>();

    void declare(String key, KeyType type) {
        KeyType before = types.putIfAbsent(key, type);
        if (before != null && before != type) {
            throw new IllegalArgumentException(key + " is a " + before + ", not a " + type);
        }
        writes.putIfAbsent(key, Collections.synchronizedList(new ArrayList<>()));
    }

    void record(Op op) {
        KeyType type = types.get(op.key());
        if (type == null) {
            throw new IllegalArgumentException("undeclared key " + op.key());
        }
        if (op.kind() == Op.Kind.READ) {
            reads.computeIfAbsent(op.key(), k -> Collections.synchronizedList(new ArrayList<>())).add(op);
        } else {
            writes.get(op.key()).add(op);
        }
    }

    /** The keys of {@code type}, sorted (reports list them in a stable order). */
    List<String> keys(KeyType type) {
        return types.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey).sorted().toList();
    }

    /** The key's writes in the order they were sent. */
    List<Op> writes(String key) {
        List<Op> ops = writes.get(key);
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }

    /** Readers' reads of the key, in no particular order. */
    List<Op> reads(String key) {
        List<Op> ops = reads.get(key);
        if (ops == null) {
            return List.of();
        }
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }

    /** Every operation, writes and reads (for the counts of a report). */
    List<Op> all() {
        List<Op> all = new ArrayList<>();
        for (String key : types.keySet().stream().sorted().toList()) {
            all.addAll(writes(key));
            all.addAll(reads(key));
        }
        return all;
    }
}
