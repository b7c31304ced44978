package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.store.ItemKey;
import io.ringcache.ring.Member;
import io.ringcache.ring.Ring;
import io.ringcache.ring.RingParameters;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * When a node must pull a key from its other holders before answering for it: only for keys it did
 * not own on its last settled ring, until every other member reported the current ring walked; for
 * every key it owns after a reset (a pause, a lost quorum). In-process, rings built by hand.
 */
class SettlementTest {

    private final Ring abc = Ring.empty(RingParameters.defaults()).join(Member.of("a")).join(Member.of("b")).join(Member.of("c"));
    private final Ring abcd = abc.join(Member.of("d"));
    private final Ring ab = abc.leave("c");

    private static Topology as(String self, Ring ring) {
        String[] addresses = ring.memberIds().stream().map(id -> "127.0.0.1:1").toArray(String[]::new);
        return new Topology(ring, ring.indexOf(self), addresses, addresses, "-", 1, false);
    }

    private static boolean owns(Ring ring, String self, ItemKey key) {
        return Topology.owns(as(self, ring), key);
    }

    /** A key {@code self} owns on {@code now} and did not own on {@code before}. */
    private static ItemKey gained(String self, Ring before, Ring now) {
        for (int i = 0; i < 100_000; i++) {
            ItemKey key = ItemKey.of("k" + i);
            if (owns(now, self, key) && !owns(before, self, key)) {
                return key;
            }
        }
        throw new AssertionError(self + " gains no key from " + before.memberIds() + " to " + now.memberIds());
    }

    private static ItemKey kept(String self, Ring before, Ring now) {
        for (int i = 0; i < 100_000; i++) {
            ItemKey key = ItemKey.of("k" + i);
            if (owns(now, self, key) && owns(before, self, key)) {
                return key;
            }
        }
        throw new AssertionError(self + " keeps no key from " + before.memberIds() + " to " + now.memberIds());
    }

    @Test
    void aFreshNodeIsUnsettledUntilEveryOtherMemberReportsTheCurrentRing() {
        Settlement s = new Settlement("a");
        s.ringChanged(as("a", abc));
        assertThat(s.isSettled()).isFalse();
        ItemKey key = kept("a", abc, abc);
        assertThat(s.mustPull(key)).isTrue();
        s.walked("b", abc.epoch());
        assertThat(s.isSettled()).isFalse();
        s.walked("c", abc.epoch() - 1); // an older ring does not count
        assertThat(s.isSettled()).isFalse();
        s.walked("c", abc.epoch());
        assertThat(s.isSettled()).isTrue();
        assertThat(s.mustPull(key)).isFalse();
    }

    @Test
    void afterAJoinOnlyTheKeysANodeGainedArePulledAndFromTheirOldOwnersToo() {
        Settlement s = new Settlement("d");
        s.ringChanged(as("d", abc));
        s.walked("a", abc.epoch());
        s.walked("b", abc.epoch());
        s.walked("c", abc.epoch());
        s.ringChanged(as("d", abcd));
        ItemKey gained = gained("d", abc, abcd);
        assertThat(s.mustPull(gained)).isTrue();
        // the holders are its owners on both rings, but not this node
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (Ring r : Arrays.asList(abc, abcd)) {
            int[] owners = Topology.owners(as("d", r), gained);
            for (int o : owners) {
                expected.add(r.members().get(o).nodeId());
            }
        }
        expected.remove("d");
        assertThat(new java.util.TreeSet<>(s.holders(gained))).isEqualTo(expected);
        for (String id : java.util.List.of("a", "b", "c")) {
            s.walked(id, abcd.epoch());
        }
        assertThat(s.isSettled()).isTrue();
        assertThat(s.mustPull(gained)).isFalse();
    }

    @Test
    void aKeyTheNodeKeptAcrossTheChangeIsNotPulled() {
        Settlement s = new Settlement("a");
        s.ringChanged(as("a", abc));
        s.walked("b", abc.epoch());
        s.walked("c", abc.epoch());
        s.ringChanged(as("a", ab)); // c left: a takes over some of its keys
        assertThat(s.mustPull(kept("a", abc, ab))).isFalse();
        assertThat(s.mustPull(gained("a", abc, ab))).isTrue();
        s.walked("b", ab.epoch());
        assertThat(s.isSettled()).isTrue(); // c is no member of the current ring: its report is not awaited
    }

    @Test
    void afterAResetEveryOwnedKeyIsPulledUntilTheMembersReportAgain() {
        Settlement s = new Settlement("a");
        s.ringChanged(as("a", abc));
        s.walked("b", abc.epoch());
        s.walked("c", abc.epoch());
        ItemKey key = kept("a", abc, abc);
        assertThat(s.mustPull(key)).isFalse();
        s.reset(false);
        assertThat(s.mustPull(key)).isTrue();
        s.walked("b", abc.epoch());
        s.walked("c", abc.epoch());
        assertThat(s.mustPull(key)).isFalse();
    }

    /**
     * c was paused, taken out of the ring and added back; it resumes on the ring it knew before.
     * Reports queued in its sockets while it was stopped, and reports of a ring it has not seen,
     * must not settle it on its old ring: it would serve its pre-pause copies as current.
     */
    @Test
    void afterAPauseOnlyReportsOfItsOwnRingSentAfterTheCheckSettleIt() {
        Ring readded = ab.join(Member.of("c"));
        Settlement s = new Settlement("c");
        s.ringChanged(as("c", abc));
        s.walked("a", abc.epoch());
        s.walked("b", abc.epoch());
        ItemKey key = kept("c", abc, readded);
        assertThat(s.mustPull(key)).isFalse();

        s.reset(true);
        s.walked("a", abc.epoch()); // sent before the pause, read after it
        s.walked("b", abc.epoch());
        assertThat(s.isSettled()).isFalse();
        assertThat(s.mustPull(key)).isTrue();

        s.resynced();
        s.walked("a", ab.epoch()); // the others moved on without c
        s.walked("b", ab.epoch());
        assertThat(s.isSettled()).isFalse();
        assertThat(s.mustPull(key)).isTrue();

        s.ringChanged(as("c", readded));
        assertThat(s.mustPull(key)).isTrue();
        s.walked("a", readded.epoch());
        s.walked("b", readded.epoch());
        assertThat(s.isSettled()).isTrue();
        assertThat(s.mustPull(key)).isFalse();
    }

    /**
     * c went from its old ring straight to one two epochs on (it missed the ring without it, where
     * other members owned its keys and took writes): it must ask every member, not only the owners
     * on the rings it knows. counter-primary-pause-7s: c pulled 173 from b while a held 174.
     */
    @Test
    void aNodeThatSkippedRingsAsksEveryMember() {
        Ring readded = ab.join(Member.of("c"));
        Settlement s = new Settlement("c");
        s.ringChanged(as("c", abc));
        s.walked("a", abc.epoch());
        s.walked("b", abc.epoch());
        ItemKey key = null;
        for (int i = 0; i < 100_000 && key == null; i++) {
            ItemKey k = ItemKey.of("k" + i);
            if (Topology.owners(as("c", abc), k).length == 2 && !owns(abc, "a", k) && !owns(readded, "a", k)
                    && owns(readded, "c", k)) {
                key = k;
            }
        }
        assertThat(key).isNotNull();
        s.ringChanged(as("c", readded));
        assertThat(s.holders(key)).containsExactlyInAnyOrder("a", "b");
        s.walked("a", readded.epoch());
        s.walked("b", readded.epoch());
        assertThat(s.isSettled()).isTrue();
        assertThat(s.holders(key)).containsExactly("b");
    }

    /**
     * A ring change that makes a replica the key's primary: the old primary's last write may still be
     * on its way to it as a hint, so it pulls before it coordinates (partition-writers-on-cut-node:
     * counters answered one increment behind right after c rejoined).
     */
    @Test
    void aReplicaThatBecomesThePrimaryPullsUntilSettled() {
        Settlement s = new Settlement("a");
        s.ringChanged(as("a", abc));
        s.walked("b", abc.epoch());
        s.walked("c", abc.epoch());
        ItemKey key = null;
        for (int i = 0; i < 100_000 && key == null; i++) {
            ItemKey k = ItemKey.of("k" + i);
            int[] before = Topology.owners(as("a", abc), k);
            int[] after = Topology.owners(as("a", ab), k);
            if (before[0] != as("a", abc).selfIndex() && owns(abc, "a", k) && after[0] == as("a", ab).selfIndex()) {
                key = k;
            }
        }
        assertThat(key).isNotNull();
        assertThat(s.mustPull(key)).isFalse();
        s.ringChanged(as("a", ab)); // c left: a, its replica, is the key's primary now
        assertThat(s.mustPull(key)).isTrue();
        assertThat(s.holders(key)).contains("c");
        s.walked("b", ab.epoch());
        assertThat(s.mustPull(key)).isFalse();
    }
}
