package io.ringcache.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.membership.ClusterSecret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LeaveProofTest {

    private static final ClusterSecret SECRET = ClusterSecret.of("sixteen+ bytes of cluster secret".getBytes(StandardCharsets.UTF_8));
    private static final ClusterSecret OTHER = ClusterSecret.of("another cluster's secret, 16+ B".getBytes(StandardCharsets.UTF_8));

    @Test
    void aProofHoldsForItsNodeWithinTheWindowOnly() {
        String proof = LeaveProof.sign(SECRET, "c", 1_000_000);
        assertThat(LeaveProof.refusal(SECRET, "c", proof, 1_000_000)).isNull();
        assertThat(LeaveProof.refusal(SECRET, "c", proof, 1_000_000 + LeaveProof.WINDOW_SECONDS)).isNull();
        assertThat(LeaveProof.refusal(SECRET, "c", proof, 1_000_000 - LeaveProof.WINDOW_SECONDS)).isNull();
        assertThat(LeaveProof.refusal(SECRET, "c", proof, 1_000_000 + LeaveProof.WINDOW_SECONDS + 1))
                .contains("dated -31 s");
        assertThat(LeaveProof.refusal(SECRET, "b", proof, 1_000_000)).contains("not signed with this cluster's secret");
        assertThat(LeaveProof.refusal(OTHER, "c", proof, 1_000_000)).contains("not signed with this cluster's secret");
    }

    @Test
    void aMissingOrMalformedHeaderIsRefusedWithItsReason() {
        assertThat(LeaveProof.refusal(SECRET, "c", null, 0)).contains("needs the X-Ringcache-Admin header");
        for (String bad : new String[] {"", "leave", "12 zz", "12 ab cd", "x 00"}) {
            assertThat(LeaveProof.refusal(SECRET, "c", bad, 12)).as(bad).contains("must be <unix-seconds> <hex HMAC>");
        }
    }
}
