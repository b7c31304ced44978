package io.ringcache.ring;

import java.util.Arrays;
import java.util.List;

/**
 * Builds a ketama ring's points exactly as the client families do (docs/ketama.md): four
 * points per MD5 digest of {@code name-i}; the weighted point count computed in float32 as
 * libmemcached does ({@code floorf(pct * 160 / 4 * n + 1e-10f) * 4}, which gives 156 rather than 160
 * points at some n); ties between equal points resolved the way the family resolves them.
 */
final class KetamaPoints {

    private static final int POINTS_PER_SERVER = 160;

    private KetamaPoints() {
    }

    /** Sorted points (unsigned 32-bit values in longs) and their owners, as a token table. */
    static TokenTable build(List<Member> members, RingParameters.Mode mode) {
        int n = members.size();
        long totalWeight = 0;
        boolean weighted = false;
        for (Member m : members) {
            totalWeight += m.weight();
            weighted |= m.weight() != 1;
        }
        int[] counts = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            // spymemcached without a weights map gives every server exactly 160 points
            counts[i] = mode == RingParameters.Mode.KETAMA_SPYMEMCACHED && !weighted
                    ? POINTS_PER_SERVER
                    : weightedCount(members.get(i).weight(), totalWeight, n);
            total += counts[i];
        }
        long[] packed = new long[total];
        long[] four = new long[4];
        int at = 0;
        for (int i = 0; i < n; i++) {
            String name = members.get(i).nodeId();
            for (int d = 0; d < counts[i] / 4; d++) {
                KetamaHash.points(name, d, four, 0);
                for (long point : four) {
                    // libmemcached: the lower host index wins a tie; spymemcached: the last put (higher index)
                    int rank = mode == RingParameters.Mode.KETAMA_SPYMEMCACHED ? n - 1 - i : i;
                    packed[at++] = point << 20 | rank;
                }
            }
        }
        Arrays.sort(packed);
        long[] tokens = new long[total];
        int[] owners = new int[total];
        int kept = 0;
        for (long p : packed) {
            long point = p >>> 20;
            if (kept > 0 && tokens[kept - 1] == point << 32) {
                continue; // the winner of the tie sorted first
            }
            int rank = (int) (p & 0xFFFFF);
            tokens[kept] = point << 32; // on the 64-bit circle, so ranges and shares work as in the balanced mode
            owners[kept] = mode == RingParameters.Mode.KETAMA_SPYMEMCACHED ? n - 1 - rank : rank;
            kept++;
        }
        return new TokenTable(Arrays.copyOf(tokens, kept), Arrays.copyOf(owners, kept));
    }

    static int weightedCount(int weight, long totalWeight, int n) {
        float pct = (float) weight / (float) totalWeight;
        return (int) Math.floor((float) (pct * POINTS_PER_SERVER / 4 * (float) n) + 0.0000000001f) * 4;
    }
}
