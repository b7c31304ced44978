package io.ringcache.node.faults;

import io.ringcache.node.faults.History.KeyType;
import io.ringcache.node.faults.Op.Kind;
import io.ringcache.node.faults.Op.Outcome;
import io.ringcache.node.faults.TextClient.Reply;
import io.ringcache.node.faults.TextClient.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One writer thread: owns its keys (no other thread writes them), sends one request at a time and
 * records each with its outcome. First it sets its counters to 0 and its expiring keys to a value
 * (each retried until acknowledged, a bounded number of times), gives the expiring keys their TTL,
 * then writes registers and counters at random until told to stop or {@link Workload#maxOps} is reached.
 */
final class Writer implements Runnable {

    private static final int INIT_ATTEMPTS = 20;
    private static final long RECONNECT_BACKOFF_NANOS = 50_000_000;

    private final String name;
    private final TextClient client;
    private final History history;
    private final Workload workload;
    private final RunClock clock;
    private final AtomicBoolean stop;
    private final Random random;
    private final List<String> registers = new ArrayList<>();
    private final List<String> counters = new ArrayList<>();
    private final List<String> expiring = new ArrayList<>();
    private volatile boolean ready;
    private long sequence;

    Writer(String name, TextClient client, History history, Workload workload, RunClock clock, AtomicBoolean stop, long seed) {
        this.name = name;
        this.client = client;
        this.history = history;
        this.workload = workload;
        this.clock = clock;
        this.stop = stop;
        this.random = new Random(seed);
        for (int i = 0; i < workload.registerKeys(); i++) {
            registers.add(declare("r-" + name + "-" + i, KeyType.REGISTER));
        }
        for (int i = 0; i < workload.counterKeys(); i++) {
            counters.add(declare("c-" + name + "-" + i, KeyType.COUNTER));
        }
        for (int i = 0; i < workload.expiringKeys(); i++) {
            expiring.add(declare("x-" + name + "-" + i, KeyType.EXPIRING));
        }
    }

    private String declare(String key, KeyType type) {
        history.declare(key, type);
        return key;
    }

    /** Whether its counters and expiring keys are set and the random writes have begun. */
    boolean ready() {
        return ready;
    }

    @Override
    public void run() {
        try {
            for (String c : List.copyOf(counters)) {
                if (!setUntilAcknowledged(c, "0")) {
                    counters.remove(c); // never set: no promise to check, and no increments
                }
            }
            for (String x : expiring) {
                if (setUntilAcknowledged(x, "x-" + name)) {
                    changeTtl(x, expiring.indexOf(x) % 3);
                }
            }
            ready = true;
            for (int done = 0; done < workload.maxOps() && !stop.get(); done++) {
                if (!counters.isEmpty() && random.nextDouble() < workload.counterShare()) {
                    incr(counters.get(random.nextInt(counters.size())));
                } else if (random.nextDouble() < workload.deleteShare()) {
                    delete(registers.get(random.nextInt(registers.size())));
                } else {
                    set(registers.get(random.nextInt(registers.size())), name + "-" + (++sequence));
                }
            }
        } finally {
            ready = true;
            client.close();
        }
    }

    private boolean setUntilAcknowledged(String key, String value) {
        for (int attempt = 0; attempt < INIT_ATTEMPTS && !stop.get(); attempt++) {
            if (set(key, value) == Outcome.OK) {
                return true;
            }
        }
        return false;
    }

    private Outcome set(String key, String value) {
        long start = clock.millis();
        Reply r = client.call("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n", Shape.LINE);
        Outcome outcome = classify(r, "STORED");
        history.record(new Op(key, Kind.SET, value, start, clock.millis(), outcome, r.text()));
        return outcome;
    }

    private void delete(String key) {
        long start = clock.millis();
        Reply r = client.call("delete " + key + "\r\n", Shape.LINE);
        // NOT_FOUND is an answer too: the key was absent, and is after
        Outcome outcome = r.answered() && r.text().equals("NOT_FOUND") ? Outcome.OK : classify(r, "DELETED");
        history.record(new Op(key, Kind.DELETE, "", start, clock.millis(), outcome, r.text()));
    }

    private void incr(String key) {
        long start = clock.millis();
        Reply r = client.call("incr " + key + " 1\r\n", Shape.LINE);
        Outcome outcome;
        if (r.answered() && !r.text().isEmpty() && r.text().chars().allMatch(Character::isDigit)) {
            outcome = Outcome.OK;
        } else {
            outcome = classify(r, null);
        }
        history.record(new Op(key, Kind.INCR, "", start, clock.millis(), outcome, r.text()));
        if (r.answered() && r.text().equals("NOT_FOUND")) {
            counters.remove(key); // it vanished; the checker reports it, further increments would say nothing new
        }
    }

    /** touch, gat or mg T (by {@code mode}) to the workload's TTL. */
    private void changeTtl(String key, int mode) {
        int ttl = workload.ttlSeconds();
        long start = clock.millis();
        Reply r;
        Kind kind;
        Outcome outcome;
        switch (mode) {
            case 0 -> {
                kind = Kind.TOUCH;
                r = client.call("touch " + key + " " + ttl + "\r\n", Shape.LINE);
                outcome = classify(r, "TOUCHED");
            }
            case 1 -> {
                kind = Kind.GAT;
                r = client.call("gat " + ttl + " " + key + "\r\n", Shape.VALUES);
                outcome = r.answered() && r.value() != null ? Outcome.OK : classify(r, null);
            }
            default -> {
                kind = Kind.MG_T;
                r = client.call("mg " + key + " T" + ttl + "\r\n", Shape.LINE);
                outcome = classify(r, "HD");
            }
        }
        history.record(new Op(key, kind, Integer.toString(ttl), start, clock.millis(), outcome, r.text()));
    }

    /**
     * The outcome of a reply that is not the success answer: no answer, or SERVER_ERROR, may have been
     * applied (unknown); a cluster node's refusals that say nothing was applied (docs/cluster.md,
     * "Fencing") and every other answer say nothing was.
     */
    static Outcome classify(Reply r, String success) {
        if (!r.sent()) {
            // no node took the connection: back off as a client's reconnect would, so a writer with
            // every target down does not spin
            java.util.concurrent.locks.LockSupport.parkNanos(RECONNECT_BACKOFF_NANOS);
        }
        if (!r.answered()) {
            return r.sent() ? Outcome.UNKNOWN : Outcome.FAILED;
        }
        if (success != null && r.text().equals(success)) {
            return Outcome.OK;
        }
        if (isRefusal(r.text())) {
            return Outcome.FAILED; // "nothing applied", by its own words
        }
        if (r.text().startsWith("SERVER_ERROR")) {
            return Outcome.UNKNOWN;
        }
        return Outcome.FAILED; // NOT_FOUND, NOT_STORED, EN, END, CLIENT_ERROR, ERROR
    }

    /** The words a cluster node answers when it applied nothing; {@code unknown_outcome} is not one. */
    private static final java.util.Set<String> NOTHING_APPLIED = java.util.Set.of("joining", "no_quorum", "paused",
            "unreachable", "unsettled", "stale_ring", "ring_behind", "expired", "leaving", "not_owner");

    static boolean isRefusal(String text) {
        if (!text.startsWith("SERVER_ERROR ")) {
            return false;
        }
        int end = text.length();
        for (int i = "SERVER_ERROR ".length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':' || c == ' ' || c == '\r') {
                end = i;
                break;
            }
        }
        return NOTHING_APPLIED.contains(text.substring("SERVER_ERROR ".length(), end));
    }
}
