package io.ringcache.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What changed between two ring versions: the exact ranges of the circle whose preference list
 * changed, with the old and new owners by node id (indexes differ between versions). Adjacent
 * ranges with the same change are merged. Rebalancing streams exactly these ranges.
 */
public final class RingDiff {

    /**
     * Positions in {@code (startExclusive, endInclusive]}, wrapping past 2^64 - 1 when end is below
     * start; a range whose start equals its end is the whole circle.
     */
    public record Range(long startExclusive, long endInclusive, List<String> oldOwners, List<String> newOwners) {

        /** This range's share of the circle (0..1]. */
        public double fraction() {
            long size = endInclusive - startExclusive;
            return size == 0 ? 1.0 : unsigned(size) / 0x1p64;
        }

        /** The owners that hold this range in the new version and did not in the old one. */
        public List<String> gained() {
            return newOwners.stream().filter(id -> !oldOwners.contains(id)).toList();
        }

        public boolean primaryChanged() {
            return !Objects.equals(first(oldOwners), first(newOwners));
        }
    }

    private final List<Range> ranges;

    private RingDiff(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static RingDiff between(Ring older, Ring newer) {
        if (older.parameters().mode() != newer.parameters().mode()) {
            throw new IllegalArgumentException("rings of different modes cannot be compared");
        }
        long[] bounds = boundaries(older, newer);
        List<Range> changed = new ArrayList<>();
        if (bounds.length == 0) {
            return new RingDiff(changed);
        }
        int[] oldList = new int[older.replicationFactor()];
        int[] newList = new int[newer.replicationFactor()];
        for (int i = 0; i < bounds.length; i++) {
            long end = bounds[i];
            long start = bounds[i == 0 ? bounds.length - 1 : i - 1];
            // every position in (start, end] has the same lists in both rings: all their tokens are bounds
            List<String> before = ids(older, oldList, older.preferenceListOfHash(end, oldList));
            List<String> after = ids(newer, newList, newer.preferenceListOfHash(end, newList));
            if (before.equals(after)) {
                continue;
            }
            Range last = changed.isEmpty() ? null : changed.get(changed.size() - 1);
            if (last != null && last.endInclusive() == start && last.oldOwners().equals(before)
                    && last.newOwners().equals(after)) {
                changed.set(changed.size() - 1, new Range(last.startExclusive(), end, before, after));
            } else {
                changed.add(new Range(bounds.length == 1 ? end : start, end, before, after));
            }
        }
        return new RingDiff(changed);
    }

    public List<Range> ranges() {
        return ranges;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Share of the circle (and so of uniformly hashed keys) whose primary changed. */
    public double movedFraction() {
        return ranges.stream().filter(Range::primaryChanged).mapToDouble(Range::fraction).sum();
    }

    /** Share of the circle whose preference list changed in any way. */
    public double changedFraction() {
        return ranges.stream().mapToDouble(Range::fraction).sum();
    }

    private static long[] boundaries(Ring a, Ring b) {
        long[] ta = a.table().tokens();
        long[] tb = b.table().tokens();
        long[] all = Arrays.copyOf(ta, ta.length + tb.length);
        System.arraycopy(tb, 0, all, ta.length, tb.length);
        for (int i = 0; i < all.length; i++) {
            all[i] ^= Long.MIN_VALUE; // sort unsigned
        }
        Arrays.sort(all);
        int distinct = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                all[distinct++] = all[i] ^ Long.MIN_VALUE;
            }
        }
        return Arrays.copyOf(all, distinct);
    }

    private static List<String> ids(Ring ring, int[] list, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(ring.members().get(list[i]).nodeId());
        }
        return ids;
    }

    private static String first(List<String> ids) {
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }
}
