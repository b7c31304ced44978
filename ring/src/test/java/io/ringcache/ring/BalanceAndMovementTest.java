package io.ringcache.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 3's targets as seeded, reproducible properties: balance, movement on join and leave, and
 * how many of a key's holders it keeps.
 */
class BalanceAndMovementTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 10, 50, 100})
    void peakToMeanShareIsWithin2PercentWithDefaultVnodes(int nodes) {
        Ring ring = Histories.grown(RingParameters.defaults(), nodes);
        assertThat(peakToMean(ring.shares(), weights(ring))).isLessThanOrEqualTo(1.02);
    }

    /** Joins and leaves of equal members: within 2% after every step (measured worst over 40 seeds: 1.009). */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void joinsAndLeavesOfEqualMembersStayWithin2Percent(long seed) {
        Ring ring = Ring.empty(RingParameters.defaults());
        java.util.Random random = new java.util.Random(seed);
        for (int step = 0; step < 60; step++) {
            if (ring.members().size() > 4 && random.nextInt(4) == 0) {
                ring = ring.leave(ring.memberIds().get(random.nextInt(ring.members().size())));
            } else {
                ring = ring.join(Member.of("m" + step));
            }
            if (ring.members().size() >= 5) {
                assertThat(peakToMean(ring.shares(), weights(ring))).as("step %d", step).isLessThanOrEqualTo(1.02);
            }
        }
    }

    /**
     * Weights 1-3 with churn: a leaving member's ranges go whole (see BalancedPlacement), so a leave
     * in a small mixed cluster can leave several percent (measured over 40 seeds, every step from 5
     * members on: mean 1.0006, worst 1.078).
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomWeightedHistoriesStayWithin10Percent(long seed) {
        Ring ring = Histories.random(RingParameters.defaults(), seed, 60, false);
        assertThat(peakToMean(ring.shares(), weights(ring))).as(ring.toString()).isLessThanOrEqualTo(1.10);
    }

    /** Hashing real keys lands them in proportion to the exact shares. */
    @Test
    void keysFollowTheShares() {
        Ring ring = Histories.grown(RingParameters.defaults(), 10);
        int[] counts = new int[10];
        List<byte[]> keys = Histories.keys(7, 200_000);
        for (byte[] k : keys) {
            counts[ring.primary(k, 0, k.length)]++;
        }
        double[] shares = ring.shares();
        for (int i = 0; i < 10; i++) {
            double expected = shares[i] * keys.size();
            // 5 standard deviations of a binomial count
            assertThat((double) counts[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(5 * Math.sqrt(expected)));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void aJoinMovesKeysOnlyToTheNewMemberAndNoMoreThanItsShare(long seed) {
        Ring before = Histories.random(RingParameters.defaults(), seed, 30, false);
        Ring after = before.join(Member.of("newcomer"));
        RingDiff diff = RingDiff.between(before, after);
        for (RingDiff.Range r : diff.ranges()) {
            if (r.primaryChanged()) {
                assertThat(r.newOwners().get(0)).isEqualTo("newcomer");
            }
        }
        double ideal = 1.0 / totalWeight(after);
        assertThat(diff.movedFraction()).isLessThanOrEqualTo(ideal * 1.0 + 1e-9).isGreaterThan(ideal * 0.9);
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26})
    void aLeaveMovesOnlyTheLeaversKeys(long seed) {
        Ring before = Histories.random(RingParameters.defaults(), seed, 30, false);
        String leaver = before.memberIds().get((int) (seed % before.members().size()));
        Ring after = before.leave(leaver);
        RingDiff diff = RingDiff.between(before, after);
        for (RingDiff.Range r : diff.ranges()) {
            if (r.primaryChanged()) {
                assertThat(r.oldOwners().get(0)).isEqualTo(leaver);
            }
        }
        double leaverShare = before.shares()[before.indexOf(leaver)];
        assertThat(diff.movedFraction()).isCloseTo(leaverShare, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(peakToMean(after.shares(), weights(after))).isLessThanOrEqualTo(1.10);
    }

    /** Averaged over a growing cluster, a join moves at most the ideal 1/(N+1). */
    @Test
    void averageMovedFractionOnJoinIsAtMostIdeal() {
        Ring ring = Histories.grown(RingParameters.defaults(), 3);
        double ratioSum = 0;
        int joins = 0;
        for (int n = 3; n < 40; n++) {
            Ring next = ring.join(Member.of("node-" + n));
            ratioSum += RingDiff.between(ring, next).movedFraction() * (n + 1);
            joins++;
            ring = next;
        }
        assertThat(ratioSum / joins).isLessThanOrEqualTo(1.0 + 1e-9);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void everyKeyKeepsAtLeastRfMinusOneHolders(int rf) {
        RingParameters p = RingParameters.defaults().withReplicationFactor(rf);
        Ring ring = Histories.random(p, 40 + rf, 25, false);
        List<Ring> changes = List.of(ring.join(Member.of("joiner")), ring.leave(ring.memberIds().get(1)));
        List<byte[]> keys = Histories.keys(rf, 20_000);
        for (Ring next : changes) {
            for (byte[] k : keys) {
                Set<String> before = holders(ring, k);
                Set<String> after = holders(next, k);
                Set<String> kept = new HashSet<>(before);
                kept.retainAll(after);
                assertThat(kept.size()).as("%s", new String(k)).isGreaterThanOrEqualTo(rf - 1);
            }
        }
    }

    @Test
    void zonesAreSpreadBeforeNodesRepeatAZone() {
        Ring ring = Ring.empty(RingParameters.defaults().withReplicationFactor(3));
        for (int i = 0; i < 9; i++) {
            ring = ring.join(new Member("n" + i, 1, "zone-" + (i % 3)));
        }
        int[] out = new int[3];
        for (byte[] k : Histories.keys(3, 5_000)) {
            assertThat(ring.preferenceList(k, 0, k.length, out)).isEqualTo(3);
            Set<String> zones = new HashSet<>();
            for (int i : out) {
                zones.add(ring.members().get(i).zone());
            }
            assertThat(zones).hasSize(3);
        }
    }

    private static Set<String> holders(Ring ring, byte[] key) {
        int[] out = new int[ring.replicationFactor()];
        int n = ring.preferenceList(key, 0, key.length, out);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(ring.members().get(out[i]).nodeId());
        }
        assertThat(ids).hasSize(n);
        return ids;
    }

    /** The largest share over its weighted ideal. */
    static double peakToMean(double[] shares, int[] weights) {
        double total = 0;
        for (int w : weights) {
            total += w;
        }
        double peak = 0;
        for (int i = 0; i < shares.length; i++) {
            peak = Math.max(peak, shares[i] / (weights[i] / total));
        }
        return peak;
    }

    static int[] weights(Ring ring) {
        return ring.members().stream().mapToInt(Member::weight).toArray();
    }

    private static double totalWeight(Ring ring) {
        double t = 0;
        for (Member m : ring.members()) {
            t += m.weight();
        }
        return t;
    }

    static List<String> ids(Ring ring) {
        return new ArrayList<>(ring.memberIds());
    }
}
