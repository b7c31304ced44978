package io.ringcache.ring;

import java.util.Arrays;

/**
 * Token placement of the balanced mode. A pure function of the table it is given, in integer
 * arithmetic only, with every tie broken by index, so that every process that applies the same
 * join/leave history computes the same table.
 *
 * <p>Join: the new member places its tokens one by one, each inside the largest range of the member
 * most above its target share at that moment, taking an exact amount: its remaining need spread over
 * its remaining tokens. Only the donors' ranges move, and only to the new member.
 *
 * <p>Leave: tokens stay where they are; each of the leaving member's ranges, largest first, goes
 * whole to the member most below its target. Only the leaving member's ranges move. Adjacent ranges
 * of one owner are then merged, which changes no key's owner.
 *
 * <p>Loads are counted in units of four (a range's size shifted right by two) so that the whole
 * circle, 2^64, fits in a long.
 */
final class BalancedPlacement {

    private BalancedPlacement() {
    }

    static TokenTable join(TokenTable table, int[] weights, int newWeight, int vnodes, long seed) {
        int n = weights.length;
        if (table.size() == 0) {
            return evenlySpaced(vnodes, seed, n);
        }
        int size = table.size();
        long[] start = new long[size + vnodes];
        long[] end = new long[size + vnodes];
        long[] sizeQ = new long[size + vnodes];
        int[] owner = new int[size + vnodes];
        for (int i = 0; i < size; i++) {
            end[i] = table.tokens()[i];
            start[i] = end[i] - table.rangeSize(i);
            sizeQ[i] = table.rangeSize(i) >>> 2;
            owner[i] = table.owners()[i];
        }
        long[] loads = loads(table, n);
        long total = sum(loads);
        long totalWeight = sum(weights) + newWeight;
        long[] excess = new long[n];
        for (int i = 0; i < n; i++) {
            excess[i] = loads[i] - share(total, weights[i], totalWeight);
        }
        int[][] rangesOf = rangesByOwner(table.owners(), n);
        long need = share(total, newWeight, totalWeight);
        int count = size;
        for (int k = 0; k < vnodes && need > 0; k++) {
            int donor = argMax(excess, -1);
            int r = largest(rangesOf[donor], sizeQ);
            long amount = Math.min((need + (vnodes - k) - 1) / (vnodes - k), sizeQ[r] - 1);
            if (amount <= 0) {
                break;
            }
            long token = start[r] + (amount << 2);
            start[count] = start[r];
            end[count] = token;
            owner[count] = n;
            count++;
            start[r] = token;
            sizeQ[r] -= amount;
            excess[donor] -= amount;
            need -= amount;
        }
        return sorted(Arrays.copyOf(end, count), Arrays.copyOf(owner, count));
    }

    static TokenTable leave(TokenTable table, int[] weights, int leaving) {
        int n = weights.length;
        if (n == 1) {
            return TokenTable.EMPTY;
        }
        long[] loads = loads(table, n);
        long total = sum(loads);
        long remainingWeight = sum(weights) - weights[leaving];
        long[] deficit = new long[n];
        for (int i = 0; i < n; i++) {
            deficit[i] = i == leaving ? Long.MIN_VALUE : share(total, weights[i], remainingWeight) - loads[i];
        }
        int[] owners = table.owners().clone();
        Integer[] freed = Arrays.stream(rangesByOwner(owners, n)[leaving]).boxed().toArray(Integer[]::new);
        Arrays.sort(freed, (a, b) -> {
            int bySize = Long.compare(table.rangeSize(b) >>> 2, table.rangeSize(a) >>> 2);
            return bySize != 0 ? bySize : Integer.compare(a, b);
        });
        for (int r : freed) {
            int receiver = argMax(deficit, leaving);
            owners[r] = receiver;
            deficit[receiver] -= table.rangeSize(r) >>> 2;
        }
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] > leaving) {
                owners[i]--;
            }
        }
        return mergeRuns(table.tokens(), owners);
    }

    /** Each member's share of the circle, in units of four. */
    static long[] loads(TokenTable table, int members) {
        long[] loads = new long[members];
        for (int i = 0; i < table.size(); i++) {
            loads[table.owners()[i]] += table.size() == 1 ? 1L << 62 : table.rangeSize(i) >>> 2;
        }
        return loads;
    }

    /** {@code total * weight / totalWeight} without overflow. */
    static long share(long total, long weight, long totalWeight) {
        return (total / totalWeight) * weight + (total % totalWeight) * weight / totalWeight;
    }

    private static TokenTable evenlySpaced(int vnodes, long seed, int owner) {
        long step = Long.divideUnsigned(-1L, vnodes);
        long[] tokens = new long[vnodes];
        int[] owners = new int[vnodes];
        for (int k = 0; k < vnodes; k++) {
            tokens[k] = seed + k * step;
            owners[k] = owner;
        }
        return sorted(tokens, owners);
    }

    private static TokenTable mergeRuns(long[] tokens, int[] owners) {
        int size = tokens.length;
        boolean[] keep = new boolean[size];
        int kept = 0;
        for (int i = 0; i < size; i++) {
            keep[i] = owners[i] != owners[(i + 1) % size];
            kept += keep[i] ? 1 : 0;
        }
        if (kept == 0) {
            return new TokenTable(tokens.clone(), owners); // one owner left: keep its tokens for the next join
        }
        long[] t = new long[kept];
        int[] o = new int[kept];
        int at = 0;
        for (int i = 0; i < size; i++) {
            if (keep[i]) {
                t[at] = tokens[i];
                o[at] = owners[i];
                at++;
            }
        }
        return new TokenTable(t, o);
    }

    private static TokenTable sorted(long[] tokens, int[] owners) {
        Integer[] order = new Integer[tokens.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(tokens[a], tokens[b]));
        long[] t = new long[tokens.length];
        int[] o = new int[tokens.length];
        for (int i = 0; i < order.length; i++) {
            t[i] = tokens[order[i]];
            o[i] = owners[order[i]];
            if (i > 0 && t[i] == t[i - 1]) {
                throw new IllegalStateException("two tokens at one position: " + Long.toUnsignedString(t[i]));
            }
        }
        return new TokenTable(t, o);
    }

    private static int[][] rangesByOwner(int[] owners, int members) {
        int[] counts = new int[members];
        for (int o : owners) {
            counts[o]++;
        }
        int[][] byOwner = new int[members][];
        for (int m = 0; m < members; m++) {
            byOwner[m] = new int[counts[m]];
            counts[m] = 0;
        }
        for (int i = 0; i < owners.length; i++) {
            byOwner[owners[i]][counts[owners[i]]++] = i;
        }
        return byOwner;
    }

    private static int largest(int[] ranges, long[] sizeQ) {
        int best = ranges[0];
        for (int r : ranges) {
            if (sizeQ[r] > sizeQ[best]) {
                best = r;
            }
        }
        return best;
    }

    private static int argMax(long[] values, int skip) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (i != skip && (best < 0 || values[i] > values[best])) {
                best = i;
            }
        }
        return best;
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    private static long sum(int[] values) {
        long s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }
}
