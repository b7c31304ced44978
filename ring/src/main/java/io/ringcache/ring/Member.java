package io.ringcache.ring;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A ring member: a stable node id, a weight (its share of keys is weight / total weight) and a zone
 * ("" for none). Preference lists spread over distinct zones first when zones are given.
 *
 * <p>In the ketama modes the node id is the server name the memcached clients hash, see
 * {@link KetamaNames}.
 */
public record Member(String nodeId, int weight, String zone) {

    public static final int MAX_ID_BYTES = 255;
    public static final int MAX_WEIGHT = 65_535;

    public Member {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(zone, "zone");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        if (nodeId.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("node id longer than " + MAX_ID_BYTES + " UTF-8 bytes: " + nodeId);
        }
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be 1.." + MAX_WEIGHT + ", was " + weight + " for " + nodeId);
        }
        if (zone.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("zone longer than " + MAX_ID_BYTES + " UTF-8 bytes: " + zone);
        }
    }

    /** A member of weight 1 in no zone. */
    public static Member of(String nodeId) {
        return new Member(nodeId, 1, "");
    }
}
