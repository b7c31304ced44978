package io.ringcache.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded membership histories for the property tests: the same seed, the same history. */
final class Histories {

    private Histories() {
    }

    /** {@code joins} joins of weight-1 members in no zone. */
    static Ring grown(RingParameters parameters, int joins) {
        Ring ring = Ring.empty(parameters);
        for (int i = 0; i < joins; i++) {
            ring = ring.join(Member.of("node-" + i));
        }
        return ring;
    }

    /** A random history: mostly joins, some leaves, weights 1-3, zones z0-z2 when {@code zoned}. */
    static Ring random(RingParameters parameters, long seed, int steps, boolean zoned) {
        Random random = new Random(seed);
        Ring ring = Ring.empty(parameters);
        int next = 0;
        for (int s = 0; s < steps; s++) {
            List<String> ids = ring.memberIds();
            if (ids.size() > 2 && random.nextInt(4) == 0) {
                ring = ring.leave(ids.get(random.nextInt(ids.size())));
            } else {
                String zone = zoned ? "z" + random.nextInt(3) : "";
                ring = ring.join(new Member("n" + seed + "-" + next++, 1 + random.nextInt(3), zone));
            }
        }
        return ring;
    }

    static List<byte[]> keys(long seed, int count) {
        Random random = new Random(seed);
        List<byte[]> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(("key:" + random.nextLong() + ":" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return keys;
    }
}
