package io.ringcache.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Token placement of the balanced mode. A pure function of the table it is given, in integer
 * arithmetic only, with every tie broken by index, so that every process that applies the same
 * join/leave history computes the same table.
 *
 * <p>Join: the members most loaded relative to their targets are lowered to one common level, so
 * that together they give the new member exactly its share ({@link #waterFill}); each donor's part
 * is cut, in exact amounts, out of its largest ranges with the new member's tokens. Only the donors'
 * ranges move, and only to the new member.
 *
 * <p>Leave: tokens stay where they are; the leaving member's ranges, in groups (see
 * {@link #heirGroups}), largest first, go whole to the member most below its target. Only the
 * leaving member's ranges move, and every key keeps its other holders. Adjacent ranges of one owner
 * are then merged, which changes no key's owner.
 *
 * <p>Loads are counted in units of four (a range's size shifted right by two) so that the whole
 * circle, 2^64, fits in a long.
 */
final class BalancedPlacement {

    /** A joining member places vnodes x (its weight / the lightest member's), at most this many times vnodes. */
    static final int MAX_WEIGHT_FACTOR = 16;

    private BalancedPlacement() {
    }

    static TokenTable join(TokenTable table, int[] weights, int newWeight, int vnodes, long seed) {
        int n = weights.length;
        if (table.size() == 0) {
            return evenlySpaced(vnodes, seed, n);
        }
        int size = table.size();
        long[] loads = loads(table, n);
        long total = sum(loads);
        long totalWeight = sum(weights) + newWeight;
        long[] targets = new long[n];
        for (int i = 0; i < n; i++) {
            targets[i] = share(total, weights[i], totalWeight);
        }
        long need = share(total, newWeight, totalWeight);
        // a member heavier than the lightest needs more cuts: it may take many donor ranges nearly whole
        long lightest = newWeight;
        for (int w : weights) {
            lightest = Math.min(lightest, w);
        }
        long relative = (long) vnodes * newWeight / lightest;
        int tokens = (int) Math.min(relative, (long) vnodes * MAX_WEIGHT_FACTOR);
        long[] gives = waterFill(loads, targets, need, tokens);
        int[] tokensPerDonor = allocateTokens(gives, tokens);

        long[] end = Arrays.copyOf(table.tokens(), size + 2 * tokens);
        int[] owner = Arrays.copyOf(table.owners(), size + 2 * tokens);
        int[][] rangesOf = rangesByOwner(table.owners(), n);
        int count = size;
        for (int d = 0; d < n; d++) {
            if (tokensPerDonor[d] == 0) {
                continue;
            }
            int[] ranges = largestFirst(rangesOf[d], table);
            int pieces = Math.min(tokensPerDonor[d], ranges.length);
            long[] capacity = new long[pieces];
            for (int k = 0; k < pieces; k++) {
                capacity[k] = Math.max(0, (table.rangeSize(ranges[k]) >>> 2) - 1);
            }
            long[] amounts = spread(gives[d], capacity);
            for (int k = 0; k < pieces; k++) {
                if (amounts[k] <= 0) {
                    continue;
                }
                int r = ranges[k];
                long rangeQ = table.rangeSize(r) >>> 2;
                long start = table.tokens()[r] - table.rangeSize(r);
                if (rangeQ > 3 * amounts[k]) {
                    // out of the middle of a large range, which the donor keeps on both sides: ranges
                    // stay small, so that a later leave can hand them out finely
                    start += ((rangeQ - amounts[k]) / 2) << 2;
                    end[count] = start;
                    owner[count] = d;
                    count++;
                }
                end[count] = start + (amounts[k] << 2);
                owner[count] = n;
                count++;
            }
        }
        return sorted(Arrays.copyOf(end, count), Arrays.copyOf(owner, count));
    }

    /**
     * How much each member gives the newcomer: the most loaded members, relative to their targets,
     * are lowered to one common level so that together they give {@code need}, and no member ends
     * above that level unless more than {@code maxDonors} would have had to give. (Water-filling,
     * in doubles: Java's floating point is the same on every JVM, so every process agrees.)
     */
    private static long[] waterFill(long[] loads, long[] targets, long need, int maxDonors) {
        int n = loads.length;
        Integer[] byRatio = new Integer[n];
        for (int i = 0; i < n; i++) {
            byRatio[i] = i;
        }
        Arrays.sort(byRatio, (a, b) -> {
            int c = Double.compare((double) loads[b] / targets[b], (double) loads[a] / targets[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        double loadSum = 0;
        double targetSum = 0;
        double level = 0;
        int donors = 0;
        for (int k = 0; k < Math.min(n, maxDonors); k++) {
            int i = byRatio[k];
            loadSum += loads[i];
            targetSum += targets[i];
            level = (loadSum - need) / targetSum;
            donors = k + 1;
            boolean nextIsBelowLevel = k + 1 == n || (double) loads[byRatio[k + 1]] / targets[byRatio[k + 1]] <= level;
            if (nextIsBelowLevel) {
                break;
            }
        }
        long[] gives = new long[n];
        long given = 0;
        for (int k = 0; k < donors; k++) {
            int i = byRatio[k];
            gives[i] = Math.max(0, Math.min(loads[i] - 1, loads[i] - (long) Math.floor(level * targets[i])));
            given += gives[i];
        }
        // rounding: settle the last units with the first donor
        gives[byRatio[0]] = Math.max(0, Math.min(loads[byRatio[0]] - 1, gives[byRatio[0]] + need - given));
        return gives;
    }

    /**
     * Splits {@code amount} over ranges as evenly as their capacities allow: every range gives the
     * same part, except those too small for it, which give all they can.
     */
    static long[] spread(long amount, long[] capacity) {
        int n = capacity.length;
        Integer[] bySize = new Integer[n];
        for (int i = 0; i < n; i++) {
            bySize[i] = i;
        }
        Arrays.sort(bySize, (a, b) -> {
            int c = Long.compare(capacity[a], capacity[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        long[] parts = new long[n];
        long left = amount;
        for (int k = 0; k < n && left > 0; k++) {
            int i = bySize[k];
            long even = (left + (n - k) - 1) / (n - k);
            parts[i] = Math.min(even, capacity[i]);
            left -= parts[i];
        }
        return parts;
    }

    /** Tokens per donor: one each, the rest in proportion to what they give (largest remainder). */
    private static int[] allocateTokens(long[] gives, int vnodes) {
        int n = gives.length;
        int[] tokens = new int[n];
        long totalGive = 0;
        int donors = 0;
        for (long g : gives) {
            totalGive += g;
            donors += g > 0 ? 1 : 0;
        }
        if (donors == 0) {
            return tokens;
        }
        int spare = vnodes - donors;
        double[] remainders = new double[n];
        int assigned = 0;
        for (int i = 0; i < n; i++) {
            if (gives[i] > 0) {
                double exact = (double) spare * gives[i] / totalGive;
                tokens[i] = 1 + (int) Math.floor(exact);
                remainders[i] = exact - Math.floor(exact);
                assigned += tokens[i];
            }
        }
        for (int left = vnodes - assigned; left > 0; left--) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (gives[i] > 0 && (best < 0 || remainders[i] > remainders[best])) {
                    best = i;
                }
            }
            tokens[best]++;
            remainders[best] = -1;
        }
        return tokens;
    }

    private static int[] largestFirst(int[] ranges, TokenTable table) {
        return Arrays.stream(ranges).boxed()
                .sorted((a, b) -> {
                    int c = Long.compareUnsigned(table.rangeSize(b), table.rangeSize(a));
                    return c != 0 ? c : Integer.compare(a, b);
                })
                .mapToInt(Integer::intValue).toArray();
    }

    static TokenTable leave(TokenTable table, int[] weights, int leaving, int replicationFactor) {
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
        List<int[]> groups = heirGroups(table, leaving, replicationFactor);
        long[] groupSize = new long[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            for (int r : groups.get(g)) {
                groupSize[g] += table.rangeSize(r) >>> 2;
            }
        }
        Integer[] order = new Integer[groups.size()];
        for (int g = 0; g < order.length; g++) {
            order[g] = g;
        }
        Arrays.sort(order, (a, b) -> {
            int bySize = Long.compare(groupSize[b], groupSize[a]);
            return bySize != 0 ? bySize : Integer.compare(groups.get(a)[0], groups.get(b)[0]);
        });
        for (int g : order) {
            int receiver = argMax(deficit, leaving);
            for (int r : groups.get(g)) {
                owners[r] = receiver;
            }
            deficit[receiver] -= groupSize[g];
        }
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] > leaving) {
                owners[i]--;
            }
        }
        return mergeRuns(table.tokens(), owners);
    }

    /**
     * The leaving member's tokens, grouped so that every group goes to one heir: two of its tokens
     * that can fall within one key's preference window (fewer than {@code rf} distinct owners
     * apart) are in one group. Then each key's list loses the leaver and gains at most one member,
     * so it keeps its other {@code rf - 1} holders. With rf = 2 every token is its own group.
     */
    private static List<int[]> heirGroups(TokenTable table, int leaving, int rf) {
        int size = table.size();
        int[] owners = table.owners();
        int[] parent = new int[size];
        for (int i = 0; i < size; i++) {
            parent[i] = i;
        }
        int[] seen = new int[rf];
        for (int i = 0; i < size; i++) {
            if (owners[i] != leaving) {
                continue;
            }
            int distinct = 1; // the leaver itself
            for (int step = 1; step < size && distinct < rf; step++) {
                int j = (i + step) % size;
                int o = owners[j];
                if (o == leaving) {
                    union(parent, i, j);
                } else if (!contains(seen, distinct - 1, o)) {
                    seen[distinct - 1] = o;
                    distinct++;
                }
            }
        }
        Map<Integer, List<Integer>> byRoot = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            if (owners[i] == leaving) {
                byRoot.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
            }
        }
        List<int[]> groups = new ArrayList<>(byRoot.size());
        for (List<Integer> members : byRoot.values()) {
            groups.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        return groups;
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int k = 0; k < count; k++) {
            if (values[k] == value) {
                return true;
            }
        }
        return false;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
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
