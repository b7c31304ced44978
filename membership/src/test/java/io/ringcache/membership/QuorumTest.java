package io.ringcache.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuorumTest {

    @Test
    void moreThanHalfHoldsAQuorum() {
        List<String> ring = List.of("a", "b", "c");
        assertThat(Quorum.holds(ring, Set.of("a", "b", "c")::contains)).isTrue();
        assertThat(Quorum.holds(ring, Set.of("b", "c")::contains)).isTrue();
        assertThat(Quorum.holds(ring, Set.of("c")::contains)).isFalse();
        assertThat(Quorum.holds(ring, Set.of()::contains)).isFalse();
    }

    @Test
    void ofTwoEqualHalvesOnlyTheOneWithTheSmallestIdGoesOn() {
        List<String> ring = List.of("d", "b", "a", "c");
        assertThat(Quorum.holds(ring, Set.of("a", "d")::contains)).isTrue();
        assertThat(Quorum.holds(ring, Set.of("b", "c")::contains)).isFalse();
        List<String> pair = List.of("n2", "n1");
        assertThat(Quorum.holds(pair, Set.of("n1")::contains)).isTrue();
        assertThat(Quorum.holds(pair, Set.of("n2")::contains)).isFalse();
    }

    @Test
    void aRingOfOneOrNoneAlwaysHolds() {
        assertThat(Quorum.holds(List.of("a"), Set.of("a")::contains)).isTrue();
        assertThat(Quorum.holds(List.of(), id -> false)).isTrue();
    }
}
