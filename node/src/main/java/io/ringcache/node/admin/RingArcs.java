package io.ringcache.node.admin;

import io.ringcache.ring.Ring;
import io.ringcache.ring.RingDiff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each member's arcs of the circle as a primary owner, for the dashboard's ring: {@code [start, end]}
 * as fractions of the circle (0..1, start exclusive; an arc that wraps past 1 ends below its start).
 * Adjacent ranges with the same primary are one arc.
 */
final class RingArcs {

    private RingArcs() {
    }

    static Map<String, List<double[]>> of(Ring ring) {
        Map<String, List<double[]>> arcs = new LinkedHashMap<>();
        for (String id : ring.memberIds()) {
            arcs.put(id, new ArrayList<>());
        }
        if (ring.isEmpty()) {
            return arcs;
        }
        // every range of the ring, with its owners, is what changed since an empty ring
        String lastOwner = null;
        double[] last = null;
        for (RingDiff.Range r : RingDiff.between(Ring.empty(ring.parameters()), ring).ranges()) {
            String primary = r.newOwners().get(0);
            double start = fraction(r.startExclusive());
            double end = fraction(r.endInclusive());
            if (primary.equals(lastOwner) && last != null && last[1] == start) {
                last[1] = end;
            } else {
                last = new double[] {start, end};
                lastOwner = primary;
                arcs.get(primary).add(last);
            }
        }
        return arcs;
    }

    private static double fraction(long position) {
        double unsigned = position >= 0 ? position : position + 0x1p64;
        return unsigned / 0x1p64;
    }
}
