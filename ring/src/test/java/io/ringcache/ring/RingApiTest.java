package io.ringcache.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The ring's contract at its edges: validation, epochs, small rings, preference lists by position. */
class RingApiTest {

    @Test
    void membersAreValidated() {
        assertThatThrownBy(() -> Member.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Member.of("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Member("a", 0, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Member("a", 65_536, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RingParameters(0, 128, RingParameters.Mode.BALANCED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RingParameters(2, 1, RingParameters.Mode.BALANCED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void joinAndLeaveMoveTheEpochAndRejectDuplicatesAndStrangers() {
        Ring one = Ring.empty(RingParameters.defaults()).join(Member.of("a"));
        assertThat(one.epoch()).isEqualTo(1);
        assertThat(one.join(Member.of("b")).leave("a").epoch()).isEqualTo(3);
        assertThatThrownBy(() -> one.join(Member.of("a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> one.leave("zz")).isInstanceOf(IllegalArgumentException.class);
        assertThat(one.leave("a").isEmpty()).isTrue();
    }

    @Test
    void listsAreNeverLongerThanTheMembershipAndHoldDistinctMembers() {
        Ring ring = Ring.empty(RingParameters.defaults().withReplicationFactor(5)).join(Member.of("a")).join(Member.of("b"));
        int[] out = new int[5];
        byte[] key = {1, 2, 3};
        assertThat(ring.preferenceList(key, 0, 3, out)).isEqualTo(2);
        assertThat(out[0]).isNotEqualTo(out[1]);
        assertThat(ring.preferenceList(key, 0, 3, new int[1])).isEqualTo(1);
    }

    /** Golden placement with an injected position: a token's own position belongs to its range. */
    @Test
    void aPositionBelongsToTheFirstTokenAtOrAfterIt() {
        Ring ring = Histories.grown(RingParameters.defaults().withVnodes(4), 3);
        TokenTable table = ring.table();
        for (int i = 0; i < table.size(); i++) {
            long token = table.tokens()[i];
            assertThat(ring.primaryOfHash(token)).isEqualTo(table.owners()[i]);
            int next = (i + 1) % table.size();
            assertThat(ring.primaryOfHash(token + 1)).isEqualTo(table.owners()[next]);
        }
        // past the last token the circle wraps to the first
        assertThat(ring.primaryOfHash(-1L)).isEqualTo(
                Long.compareUnsigned(table.tokens()[table.size() - 1], -1L) == 0 ? table.owners()[table.size() - 1] : table.owners()[0]);
    }

    /** The cache-friendly lookup agrees with a plain search of the sorted tokens, ties and wrap included. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3})
    void lookupAgreesWithAPlainSearch(long seed) {
        Ring ring = Histories.random(RingParameters.defaults().withReplicationFactor(3), seed, 30, true);
        long[] tokens = ring.table().tokens();
        java.util.Random random = new java.util.Random(seed);
        int[] got = new int[3];
        int[] want = new int[3];
        PreferenceLists lists = new PreferenceLists(ring.table(), zoneIndexes(ring), 3, 3, ring.members().size());
        for (int trial = 0; trial < 40_000; trial++) {
            long position = switch (trial % 4) {
                case 0 -> random.nextLong();
                case 1 -> tokens[random.nextInt(tokens.length)];
                case 2 -> tokens[random.nextInt(tokens.length)] + 1;
                default -> tokens[random.nextInt(tokens.length)] - 1 - random.nextInt(1 << 20); // same high half
            };
            int first = 0;
            while (first < tokens.length && Long.compareUnsigned(tokens[first], position) < 0) {
                first++;
            }
            lists.copy(first == tokens.length ? 0 : first, want);
            assertThat(ring.preferenceListOfHash(position, got)).isEqualTo(3);
            assertThat(got).as("position %s", Long.toUnsignedString(position)).containsExactly(want);
        }
    }

    private static int[] zoneIndexes(Ring ring) {
        java.util.Map<String, Integer> zones = new java.util.HashMap<>();
        int[] out = new int[ring.members().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = zones.computeIfAbsent(ring.members().get(i).zone(), z -> zones.size());
        }
        return out;
    }

    @Test
    void theFirstMembersTokensAreEvenlySpaced() {
        Ring ring = Ring.empty(RingParameters.defaults().withVnodes(8)).join(Member.of("a"));
        assertThat(ring.tokenCount()).isEqualTo(8);
        assertThat(ring.shares()[0]).isEqualTo(1.0);
    }
}
