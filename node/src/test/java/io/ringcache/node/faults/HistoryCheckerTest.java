package io.ringcache.node.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.faults.Anomaly.Type;
import io.ringcache.node.faults.History.KeyType;
import io.ringcache.node.faults.Op.Kind;
import io.ringcache.node.faults.Op.Outcome;
import org.junit.jupiter.api.Test;

/** The checker on hand-made histories: what it must accept, and what it must judge lost, undone or double. */
class HistoryCheckerTest {

    private final History history = new History();
    private final Readback readback = new Readback();
    private final Readback expiry = new Readback();
    private long clock;

    private void op(String key, Kind kind, String arg, Outcome outcome, String answer) {
        long start = clock;
        clock += 10;
        history.record(new Op(key, kind, arg, start, clock, outcome, answer));
        clock += 1;
    }

    private void set(String key, String value, Outcome outcome) {
        op(key, Kind.SET, value, outcome, outcome == Outcome.OK ? "STORED" : outcome == Outcome.FAILED ? "NOT_STORED" : "timeout");
    }

    private void delete(String key, Outcome outcome, String answer) {
        op(key, Kind.DELETE, "", outcome, answer);
    }

    private void incr(String key, Outcome outcome, String answer) {
        op(key, Kind.INCR, "", outcome, answer);
    }

    private String register(String key) {
        history.declare(key, KeyType.REGISTER);
        return key;
    }

    private String counter(String key, long initial) {
        history.declare(key, KeyType.COUNTER);
        set(key, Long.toString(initial), Outcome.OK);
        return key;
    }

    private Verdict verdict() {
        return HistoryChecker.check(history, readback, expiry);
    }

    private void readAll(String key, String answer) {
        for (String node : new String[] {"a", "b", "c"}) {
            readback.record(key, node, answer);
        }
    }

    // ---- registers

    @Test
    void theLastAcknowledgedValueEverywhereIsClean() {
        String k = register("r1");
        set(k, "v1", Outcome.OK);
        set(k, "v2", Outcome.OK);
        readAll(k, "v2");
        assertThat(verdict().anomalies()).isEmpty();
    }

    @Test
    void anOlderValueAfterAnAcknowledgedSetIsLost() {
        String k = register("r1");
        set(k, "v1", Outcome.OK);
        set(k, "v2", Outcome.OK);
        readAll(k, "v2");
        readback.record(k, "c", "v1");
        Verdict v = verdict();
        assertThat(v.keys(Type.LOST)).isEqualTo(1);
        assertThat(v.anomalies()).singleElement().satisfies(a -> assertThat(a.detail()).startsWith("c served v1"));
    }

    @Test
    void aMissAfterAnAcknowledgedSetIsLostAndCountsTheKeyOnce() {
        String k = register("r1");
        set(k, "v1", Outcome.OK);
        readAll(k, Op.MISS);
        Verdict v = verdict();
        assertThat(v.keys(Type.LOST)).isEqualTo(1);
        assertThat(v.keysAfterRun(Type.LOST)).isEqualTo(1);
        assertThat(v.anomalies()).hasSize(3);
    }

    @Test
    void aMissIsAllowedWhenALaterDeleteHasAnUnknownOutcome() {
        String k = register("r1");
        set(k, "v1", Outcome.OK);
        delete(k, Outcome.UNKNOWN, "timeout");
        readback.record(k, "a", Op.MISS);
        readback.record(k, "b", "v1");
        assertThat(verdict().anomalies()).isEmpty();
    }

    @Test
    void aValueFromALaterUnknownSetIsAllowedButNotFromAnEarlierOne() {
        String k = register("r1");
        set(k, "v1", Outcome.UNKNOWN);
        set(k, "v2", Outcome.OK);
        set(k, "v3", Outcome.UNKNOWN);
        set(k, "v4", Outcome.FAILED);
        readback.record(k, "a", "v2");
        readback.record(k, "b", "v3");
        assertThat(verdict().anomalies()).isEmpty();
        readback.record(k, "c", "v1"); // written before the acknowledged v2: v2 was undone
        Verdict v = verdict();
        assertThat(v.keys(Type.LOST)).isEqualTo(1);
        assertThat(v.anomalies()).singleElement().satisfies(a -> assertThat(a.detail())
                .startsWith("c served v1 (the value of #0, whose outcome was unknown, applied after the acknowledged #1)"));
    }

    @Test
    void aValueServedAfterAnAcknowledgedDeleteIsAnUndoneDelete() {
        String k = register("r1");
        set(k, "v1", Outcome.OK);
        delete(k, Outcome.OK, "DELETED");
        readAll(k, Op.MISS);
        readback.record(k, "b", "v1");
        Verdict v = verdict();
        assertThat(v.keys(Type.UNDONE_DELETE)).isEqualTo(1);
        assertThat(v.keys(Type.LOST)).isZero();
    }

    @Test
    void afterADeleteOnlyALaterUnknownSetsValueMayBeServed() {
        String k = register("r1");
        set(k, "v1", Outcome.OK);
        delete(k, Outcome.OK, "DELETED");
        set(k, "v2", Outcome.UNKNOWN);
        readback.record(k, "a", "v2");
        readback.record(k, "b", Op.MISS);
        assertThat(verdict().anomalies()).isEmpty();
        readback.record(k, "c", "v1");
        assertThat(verdict().keys(Type.UNDONE_DELETE)).isEqualTo(1);
    }

    @Test
    void aValueOnlyAFailedWriteCarriedIsAPhantom() {
        String k = register("r1");
        set(k, "v1", Outcome.FAILED);
        readback.record(k, "a", "v1");
        assertThat(verdict().keys(Type.PHANTOM)).isEqualTo(1);
    }

    @Test
    void deleteAnswersDuringTheRunAreEvidenceToo() {
        String undone = register("r1");
        set(undone, "v1", Outcome.OK);
        delete(undone, Outcome.OK, "DELETED");
        delete(undone, Outcome.OK, "DELETED"); // the value was back between the two deletes
        readAll(undone, Op.MISS);
        String lost = register("r2");
        set(lost, "v1", Outcome.OK);
        delete(lost, Outcome.OK, "NOT_FOUND"); // the acknowledged set was gone
        readAll(lost, Op.MISS);
        String fine = register("r3");
        set(fine, "v1", Outcome.OK);
        delete(fine, Outcome.UNKNOWN, "timeout");
        delete(fine, Outcome.OK, "NOT_FOUND"); // the first delete took effect
        delete(fine, Outcome.OK, "NOT_FOUND");
        readAll(fine, Op.MISS);
        Verdict v = verdict();
        assertThat(v.anomalies()).extracting(Anomaly::key).containsExactlyInAnyOrder("r1", "r2");
        assertThat(v.keys(Type.UNDONE_DELETE)).isEqualTo(1);
        assertThat(v.keys(Type.LOST)).isEqualTo(1);
        assertThat(v.keysAfterRun(Type.LOST)).as("the read-back itself was right").isZero();
    }

    @Test
    void aNodeThatCannotAnswerIsReportedUnreadable() {
        String k = register("r1");
        set(k, "v1", Outcome.OK);
        readback.record(k, "a", "v1");
        readback.record(k, "b", Readback.ERROR_PREFIX + "timeout");
        assertThat(verdict().keys(Type.UNREADABLE)).isEqualTo(1);
    }

    // ---- counters

    @Test
    void countersThatRiseByOneAreClean() {
        String k = counter("c1", 0);
        incr(k, Outcome.OK, "1");
        incr(k, Outcome.OK, "2");
        incr(k, Outcome.UNKNOWN, "timeout");
        incr(k, Outcome.OK, "4");
        incr(k, Outcome.UNKNOWN, "timeout");
        readback.record(k, "a", "4");
        readback.record(k, "b", "5");
        assertThat(verdict().anomalies()).isEmpty();
    }

    @Test
    void aJumpOfTwoWithoutAnUnknownIncrementBetweenIsDoubleApplied() {
        String k = counter("c1", 0);
        incr(k, Outcome.OK, "1");
        incr(k, Outcome.OK, "3");
        readAll(k, "3");
        Verdict v = verdict();
        assertThat(v.keys(Type.DOUBLE_APPLIED)).isEqualTo(1);
        assertThat(v.anomalies()).singleElement().satisfies(a -> assertThat(a.detail()).contains("answered 3, 2 above"));
    }

    @Test
    void aJumpOfThreeOverOneUnknownIncrementIsDoubleApplied() {
        String k = counter("c1", 0);
        incr(k, Outcome.OK, "1");
        incr(k, Outcome.UNKNOWN, "SERVER_ERROR timeout");
        incr(k, Outcome.OK, "4");
        readAll(k, "4");
        assertThat(verdict().keys(Type.DOUBLE_APPLIED)).isEqualTo(1);
    }

    @Test
    void anAnswerBelowOrEqualToThePreviousWentBackwards() {
        String lower = counter("c1", 0);
        incr(lower, Outcome.OK, "1");
        incr(lower, Outcome.OK, "2");
        incr(lower, Outcome.OK, "1");
        readAll(lower, "1");
        String repeated = counter("c2", 10);
        incr(repeated, Outcome.OK, "11");
        incr(repeated, Outcome.OK, "11");
        readAll(repeated, "11");
        assertThat(verdict().keys(Type.BACKWARDS)).isEqualTo(2);
    }

    @Test
    void aCounterThatVanishesWentBackwardsAndIsLost() {
        String k = counter("c1", 0);
        incr(k, Outcome.OK, "1");
        incr(k, Outcome.FAILED, "NOT_FOUND");
        readAll(k, Op.MISS);
        Verdict v = verdict();
        assertThat(v.keys(Type.BACKWARDS)).isEqualTo(1);
        assertThat(v.keys(Type.LOST)).isEqualTo(1);
    }

    @Test
    void aFinalValueBelowTheLastAnswerLostIncrementsAndAboveTheUnknownsDoubleApplied() {
        String lost = counter("c1", 0);
        incr(lost, Outcome.OK, "1");
        incr(lost, Outcome.OK, "2");
        readback.record(lost, "a", "1");
        String doubled = counter("c2", 0);
        incr(doubled, Outcome.OK, "1");
        incr(doubled, Outcome.UNKNOWN, "timeout");
        readback.record(doubled, "a", "3");
        Verdict v = verdict();
        assertThat(v.keys(Type.LOST)).isEqualTo(1);
        assertThat(v.keys(Type.DOUBLE_APPLIED)).isEqualTo(1);
        assertThat(v.anomalies()).extracting(Anomaly::key).containsExactlyInAnyOrder("c1", "c2");
    }

    @Test
    void aReadBelowAnAnswerAcknowledgedBeforeItStartedIsStale() {
        String k = counter("c1", 0);
        incr(k, Outcome.OK, "1");
        incr(k, Outcome.OK, "2");
        long afterTwo = clock;
        history.record(new Op(k, Kind.READ, "", afterTwo, afterTwo + 5, Outcome.OK, "1"));
        history.record(new Op(k, Kind.READ, "", afterTwo, afterTwo + 5, Outcome.OK, "2"));
        readAll(k, "2");
        Verdict v = verdict();
        assertThat(v.keys(Type.BACKWARDS)).isEqualTo(1);
        assertThat(v.anomalies()).singleElement().satisfies(a -> assertThat(a.detail()).contains("stale read"));
    }

    @Test
    void aReadOverlappingAnIncrementMayShowEitherValueButNotMore() {
        String k = counter("c1", 0);
        incr(k, Outcome.OK, "1");
        history.record(new Op(k, Kind.READ, "", clock + 2, clock + 20, Outcome.OK, "1"));
        history.record(new Op(k, Kind.READ, "", clock + 2, clock + 20, Outcome.OK, "2"));
        incr(k, Outcome.OK, "2"); // runs over clock .. clock + 10, inside both reads
        readAll(k, "2");
        assertThat(verdict().anomalies()).isEmpty();
        history.record(new Op(k, Kind.READ, "", clock + 2, clock + 20, Outcome.OK, "3"));
        assertThat(verdict().keys(Type.DOUBLE_APPLIED)).isEqualTo(1);
    }

    @Test
    void anIncrementSentInTheReadsLastMillisecondMayPrecedeIt() {
        String k = counter("c1", 0);
        incr(k, Outcome.OK, "1");
        long t = clock + 5;
        history.record(new Op(k, Kind.INCR, "", t, t + 3, Outcome.OK, "2"));
        history.record(new Op(k, Kind.READ, "", t - 1, t, Outcome.OK, "2")); // ended in the millisecond the incr began
        history.record(new Op(k, Kind.READ, "", t + 3, t + 4, Outcome.OK, "1")); // began as the incr's answer came
        readAll(k, "2");
        assertThat(verdict().anomalies()).isEmpty();
        history.record(new Op(k, Kind.READ, "", t + 4, t + 5, Outcome.OK, "1")); // a millisecond later: stale
        assertThat(verdict().keys(Type.BACKWARDS)).isEqualTo(1);
    }

    // ---- expiring keys

    @Test
    void aKeyServedAfterItsTtlAndSlackIsAnExpiryViolation() {
        history.declare("x1", KeyType.EXPIRING);
        history.declare("x2", KeyType.EXPIRING);
        history.declare("x3", KeyType.EXPIRING);
        set("x1", "v", Outcome.OK);
        op("x1", Kind.TOUCH, "2", Outcome.OK, "TOUCHED");
        set("x2", "v", Outcome.OK);
        op("x2", Kind.MG_T, "2", Outcome.OK, "HD");
        set("x3", "v", Outcome.OK);
        op("x3", Kind.GAT, "2", Outcome.UNKNOWN, "timeout"); // may not have applied: not judged
        for (String node : new String[] {"a", "b"}) {
            expiry.record("x1", node, Op.MISS);
            expiry.record("x2", node, node.equals("b") ? "v" : Op.MISS);
            expiry.record("x3", node, "v");
        }
        Verdict v = verdict();
        assertThat(v.keys(Type.EXPIRY_VIOLATION)).isEqualTo(1);
        assertThat(v.anomalies()).singleElement().satisfies(a -> assertThat(a.toString()).startsWith("EXPIRY_VIOLATION x2: b still served v"));
    }

    @Test
    void theExpiryDeadlineIsTheAcknowledgementPlusTheTtlPlusASecond() {
        history.declare("x1", KeyType.EXPIRING);
        set("x1", "v", Outcome.OK);
        op("x1", Kind.GAT, "2", Outcome.OK, "v");
        Op gat = history.writes("x1").get(1);
        assertThat(HistoryChecker.expiryDeadlineMillis(history.writes("x1"))).isEqualTo(gat.endMillis() + 3_000);
    }
}
