package io.ringcache.node.faults;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a run's history against what the nodes answered afterwards. Pure: no clock, no I/O, so it
 * is tested on hand-made histories.
 *
 * <p>Each key has one writer, so its writes are sequential and their order is the only order a
 * correct cluster may apply them in. An operation answered OK fixes the key's state; one answered
 * FAILED changed nothing; one of UNKNOWN outcome may or may not have taken effect. The rules:
 * <ul>
 *   <li>Register (set/delete): a node may answer the state the last OK write left, or the state any
 *       later write of unknown outcome left. Anything else is LOST when that last OK write was a set
 *       (an older value, or a miss), UNDONE_DELETE when it was a delete (or nothing was
 *       acknowledged yet). A value that only a FAILED write could have left is a PHANTOM. Answers
 *       during the run count too: DELETED where every possible state was absent is an undone delete,
 *       NOT_FOUND where every possible state held a value is a lost set.
 *   <li>Counter (set to a number, then incr 1): each OK answer rises over the previous OK answer by
 *       at least 1 and at most 1 + the unknown increments between them; more is DOUBLE_APPLIED, not
 *       above it is BACKWARDS; NOT_FOUND after the counter was set is BACKWARDS (it vanished). The
 *       value read back afterwards lies between the last OK answer and that answer plus the unknown
 *       increments after it: below (or a miss) is LOST, above is DOUBLE_APPLIED. A reader's read
 *       during the run is at least the highest answer acknowledged before the read started (else
 *       BACKWARDS: a stale read) and at most the increments sent before it ended (else DOUBLE_APPLIED).
 *   <li>Expiring (a TTL set by touch, gat or mg T answered OK): every node misses the key once
 *       {@link #expiryDeadlineMillis} passed, else EXPIRY_VIOLATION.
 * </ul>
 * Counts are of keys; {@link Verdict#anomalies()} lists every piece of evidence.
 */
final class HistoryChecker {

    /** memcached counts TTLs in whole seconds: an item may outlive its TTL by up to one. */
    static final long EXPIRY_SLACK_MILLIS = 1_000;

    private HistoryChecker() {
    }

    /**
     * @param history what the clients sent and were answered
     * @param readback each node's answer for every register and counter key after the run settled
     * @param expiryReadback each node's answer for every expiring key, read after its deadline
     */
    static Verdict check(History history, Readback readback, Readback expiryReadback) {
        Verdict verdict = new Verdict();
        for (String key : history.keys(History.KeyType.REGISTER)) {
            checkRegister(key, history.writes(key), readback.answers(key), verdict);
        }
        for (String key : history.keys(History.KeyType.COUNTER)) {
            checkCounter(key, history.writes(key), history.reads(key), readback.answers(key), verdict);
        }
        for (String key : history.keys(History.KeyType.EXPIRING)) {
            checkExpiring(key, history.writes(key), expiryReadback.answers(key), verdict);
        }
        return verdict;
    }

    /**
     * When every node must miss the key: its last OK TTL change's end plus the TTL plus
     * {@link #EXPIRY_SLACK_MILLIS}; -1 when no TTL change was acknowledged (nothing to judge).
     */
    static long expiryDeadlineMillis(List<Op> writes) {
        for (int i = writes.size() - 1; i >= 0; i--) {
            Op op = writes.get(i);
            if (isTtlChange(op) && op.ok()) {
                return op.endMillis() + Long.parseLong(op.arg()) * 1_000 + EXPIRY_SLACK_MILLIS;
            }
            if (op.kind() == Op.Kind.SET && !op.outcome().equals(Op.Outcome.FAILED)) {
                return -1; // rewritten without a TTL after the change
            }
        }
        return -1;
    }

    private static boolean isTtlChange(Op op) {
        return op.kind() == Op.Kind.TOUCH || op.kind() == Op.Kind.GAT || op.kind() == Op.Kind.MG_T;
    }

    // ---- registers

    /** The state a register write leaves: its value, or MISS for a delete. */
    private static String stateAfter(Op op) {
        return op.kind() == Op.Kind.SET ? op.arg() : Op.MISS;
    }

    /** States a register may be in after {@code writes[0, end)}: the last OK write's, or any later unknown one's. */
    private static Set<String> possibleStates(List<Op> writes, int end) {
        int lastOk = lastOk(writes, end);
        Set<String> states = new LinkedHashSet<>();
        states.add(lastOk < 0 ? Op.MISS : stateAfter(writes.get(lastOk)));
        for (int i = lastOk + 1; i < end; i++) {
            if (writes.get(i).unknown()) {
                states.add(stateAfter(writes.get(i)));
            }
        }
        return states;
    }

    private static int lastOk(List<Op> writes, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (writes.get(i).ok()) {
                return i;
            }
        }
        return -1;
    }

    private static void checkRegister(String key, List<Op> writes, Map<String, String> answers, Verdict verdict) {
        for (int i = 0; i < writes.size(); i++) {
            Op op = writes.get(i);
            if (op.kind() != Op.Kind.DELETE || !op.ok()) {
                continue;
            }
            Set<String> before = possibleStates(writes, i);
            if (op.answer().equals("DELETED") && before.equals(Set.of(Op.MISS))) {
                verdict.addDuringRun(Anomaly.Type.UNDONE_DELETE, key, "delete #" + i + " answered DELETED though "
                        + describeLastOk(writes, i) + ": a deleted value was there again; " + tail(writes, i + 1));
            } else if (op.answer().equals("NOT_FOUND") && !before.contains(Op.MISS)) {
                verdict.addDuringRun(Anomaly.Type.LOST, key, "delete #" + i + " answered NOT_FOUND though "
                        + describeLastOk(writes, i) + " (could hold " + before + "); " + tail(writes, i + 1));
            }
        }
        Set<String> allowed = possibleStates(writes, writes.size());
        int lastOk = lastOk(writes, writes.size());
        boolean expectValue = lastOk >= 0 && writes.get(lastOk).kind() == Op.Kind.SET;
        for (Map.Entry<String, String> read : answers.entrySet()) {
            String answer = read.getValue();
            if (Readback.isError(answer)) {
                verdict.add(Anomaly.Type.UNREADABLE, key, read.getKey() + " answered " + answer);
                continue;
            }
            if (allowed.contains(answer)) {
                continue;
            }
            String evidence = read.getKey() + " served " + answer + lateUnknown(writes, lastOk, answer) + " but "
                    + describeLastOk(writes, writes.size()) + " (allowed " + allowed + "); " + tail(writes, writes.size());
            if (!answer.equals(Op.MISS) && onlyFailedWrote(writes, answer)) {
                verdict.add(Anomaly.Type.PHANTOM, key, evidence);
            } else if (expectValue) {
                verdict.add(Anomaly.Type.LOST, key, evidence);
            } else {
                verdict.add(Anomaly.Type.UNDONE_DELETE, key, evidence);
            }
        }
    }

    /**
     * Names the case that is stricter than linearizability: the value of a write before the last
     * acknowledged one whose outcome was unknown, applied after it (a stale request executed late).
     */
    private static String lateUnknown(List<Op> writes, int lastOk, String value) {
        for (int i = 0; i < lastOk; i++) {
            Op op = writes.get(i);
            if (op.unknown() && op.kind() == Op.Kind.SET && op.arg().equals(value)) {
                return " (the value of #" + i + ", whose outcome was unknown, applied after the acknowledged #" + lastOk + ")";
            }
        }
        return "";
    }

    /** Whether every write of {@code value} was answered as failed (then no correct node may hold it). */
    private static boolean onlyFailedWrote(List<Op> writes, String value) {
        boolean written = false;
        for (Op op : writes) {
            if (op.kind() == Op.Kind.SET && op.arg().equals(value)) {
                if (op.outcome() != Op.Outcome.FAILED) {
                    return false;
                }
                written = true;
            }
        }
        return written;
    }

    private static String describeLastOk(List<Op> writes, int end) {
        int i = lastOk(writes, end);
        return i < 0 ? "no write was acknowledged before" : "the last acknowledged write before was #" + i + " " + writes.get(i);
    }

    /** The last few writes before {@code end}, for the report. */
    private static String tail(List<Op> writes, int end) {
        List<String> shown = new ArrayList<>();
        for (int i = Math.max(0, end - 4); i < end; i++) {
            shown.add("#" + i + " " + writes.get(i));
        }
        return "history " + (end > 4 ? "... " : "") + String.join(", ", shown);
    }

    // ---- counters

    private static void checkCounter(String key, List<Op> writes, List<Op> reads, Map<String, String> answers,
            Verdict verdict) {
        long last = -1; // the last OK answer (or the value set); -1: not set yet
        int lastIndex = -1;
        int unknownSince = 0;
        for (int i = 0; i < writes.size(); i++) {
            Op op = writes.get(i);
            if (op.kind() == Op.Kind.SET) {
                if (op.ok()) {
                    last = Long.parseLong(op.arg());
                    lastIndex = i;
                    unknownSince = 0;
                }
                continue;
            }
            if (op.kind() != Op.Kind.INCR || last < 0) {
                continue;
            }
            if (op.unknown()) {
                unknownSince++;
            } else if (op.ok()) {
                long value = Long.parseLong(op.answer());
                long rise = value - last;
                if (rise <= 0) {
                    verdict.addDuringRun(Anomaly.Type.BACKWARDS, key, "incr #" + i + " answered " + value + " after #" + lastIndex
                            + " answered " + last + "; " + tail(writes, i + 1));
                } else if (rise > 1 + unknownSince) {
                    verdict.addDuringRun(Anomaly.Type.DOUBLE_APPLIED, key, "incr #" + i + " answered " + value + ", " + rise
                            + " above #" + lastIndex + " (" + last + ") with " + unknownSince + " unknown increments between; "
                            + tail(writes, i + 1));
                }
                last = value;
                lastIndex = i;
                unknownSince = 0;
            } else if (op.answer().equals("NOT_FOUND")) {
                verdict.addDuringRun(Anomaly.Type.BACKWARDS, key, "incr #" + i + " answered NOT_FOUND after #" + lastIndex
                        + " answered " + last + ": the counter vanished; " + tail(writes, i + 1));
            }
        }
        if (last < 0) {
            return; // never set: nothing promised
        }
        for (Map.Entry<String, String> read : answers.entrySet()) {
            String answer = read.getValue();
            if (Readback.isError(answer)) {
                verdict.add(Anomaly.Type.UNREADABLE, key, read.getKey() + " answered " + answer);
                continue;
            }
            Long value = parseCounter(answer);
            String evidence = read.getKey() + " served " + answer + ", last acknowledged " + last + " (#" + lastIndex + ") with "
                    + unknownSince + " unknown increments after it; " + tail(writes, writes.size());
            if (value == null || value < last) {
                verdict.add(Anomaly.Type.LOST, key, evidence);
            } else if (value > last + unknownSince) {
                verdict.add(Anomaly.Type.DOUBLE_APPLIED, key, evidence);
            }
        }
        checkCounterReads(key, writes, reads, verdict);
    }

    private static Long parseCounter(String answer) {
        try {
            return Long.parseLong(answer.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads during the run, judged against the writes by time (they overlap them). */
    private static void checkCounterReads(String key, List<Op> writes, List<Op> reads, Verdict verdict) {
        for (Op read : reads) {
            if (!read.ok()) {
                continue;
            }
            // Times are whole milliseconds, so both bounds give the benefit of the doubt: the floor counts
            // only answers that ended in an earlier millisecond than the read began, the ceiling every
            // increment sent up to the read's last millisecond.
            long floor = -1; // the highest value acknowledged before the read started
            long ceiling = 0; // the value set plus every increment sent before the read ended
            boolean set = false; // the counter's set was acknowledged before the read started
            for (Op op : writes) {
                if (op.kind() == Op.Kind.SET && op.ok()) {
                    // a counter is set once, before its increments: the base of both bounds
                    ceiling = Long.parseLong(op.arg());
                    if (op.endMillis() < read.startMillis()) {
                        set = true;
                        floor = Math.max(floor, ceiling);
                    }
                } else if (op.kind() == Op.Kind.INCR && op.outcome() != Op.Outcome.FAILED
                        && op.startMillis() <= read.endMillis()) {
                    // times are whole milliseconds: an increment sent in the read's last millisecond may precede it
                    ceiling++;
                    if (op.ok() && op.endMillis() < read.startMillis()) {
                        floor = Math.max(floor, Long.parseLong(op.answer()));
                    }
                }
            }
            if (!set) {
                continue; // read before the counter surely existed
            }
            Long value = parseCounter(read.answer());
            if (value == null || value < floor) {
                verdict.addDuringRun(Anomaly.Type.BACKWARDS, key, "a read at " + read.startMillis() + "-" + read.endMillis() + " ms answered "
                        + read.answer() + " though " + floor + " was acknowledged before it started (stale read)");
            } else if (value > ceiling) {
                verdict.addDuringRun(Anomaly.Type.DOUBLE_APPLIED, key, "a read at " + read.startMillis() + "-" + read.endMillis()
                        + " ms answered " + value + ", above the " + ceiling + " that the increments sent by then could reach");
            }
        }
    }

    // ---- expiring keys

    private static void checkExpiring(String key, List<Op> writes, Map<String, String> answers, Verdict verdict) {
        long deadline = expiryDeadlineMillis(writes);
        if (deadline < 0) {
            return;
        }
        for (Map.Entry<String, String> read : answers.entrySet()) {
            String answer = read.getValue();
            if (Readback.isError(answer)) {
                verdict.add(Anomaly.Type.UNREADABLE, key, read.getKey() + " answered " + answer);
            } else if (!answer.equals(Op.MISS)) {
                verdict.add(Anomaly.Type.EXPIRY_VIOLATION, key, read.getKey() + " still served " + answer
                        + " after the deadline " + deadline + " ms; " + tail(writes, writes.size()));
            }
        }
    }
}
