package io.ringcache.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.membership.NodeInfo;
import io.ringcache.membership.NodeState;
import io.ringcache.node.cluster.ClusterState;
import io.ringcache.ring.Member;
import io.ringcache.ring.Ring;
import io.ringcache.ring.RingParameters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Member states, arcs and readiness as pure functions of what a node knows (no sockets). */
class MemberStatesTest {

    private static final Ring ABC = Ring.empty(RingParameters.defaults())
            .join(Member.of("a")).join(Member.of("b")).join(Member.of("c"));

    private static NodeInfo live(String id, NodeState state) {
        return new NodeInfo(id, 1, "127.0.0.1:" + (11210 + id.charAt(0) - 'a' + 1), "127.0.0.1:1", "default", 100, state);
    }

    private static ClusterState seenBy(String self, Ring ring, boolean leaving, NodeInfo... live) {
        List<String> addresses = ring.memberIds().stream().map(id -> "127.0.0.1:" + (11210 + id.charAt(0) - 'a' + 1)).toList();
        return new ClusterState(self, ring, addresses, Arrays.asList(live), ring.indexOf(self) >= 0 && !leaving,
                leaving, false);
    }

    private static Map<String, MemberState> states(ClusterState s) {
        return ClusterView.rows(s).stream().collect(java.util.stream.Collectors.toMap(ClusterView.Row::id, ClusterView.Row::state));
    }

    @Test
    void statesFromTheRingAndTheGossipView() {
        ClusterState s = seenBy("a", ABC, false, live("a", NodeState.ACTIVE), live("b", NodeState.LEAVING),
                live("d", NodeState.ACTIVE));
        // c: in the ring, gone from gossip; d: in gossip, not in the ring yet; b: announced its leave
        assertThat(states(s)).isEqualTo(Map.of("a", MemberState.UP, "b", MemberState.LEAVING,
                "c", MemberState.SUSPECT, "d", MemberState.JOINING));
        ClusterView.Row d = ClusterView.rows(s).get(3);
        assertThat(d.id()).isEqualTo("d");
        assertThat(d.share()).isZero();
        assertThat(states(seenBy("a", ABC, true, live("a", NodeState.ACTIVE), live("b", NodeState.ACTIVE),
                live("c", NodeState.ACTIVE)))).containsEntry("a", MemberState.LEAVING);
    }

    @Test
    void arcsCoverTheCircleOnceWithEachMembersShare() {
        Map<String, List<double[]>> arcs = RingArcs.of(ABC);
        double[] shares = ABC.shares();
        double total = 0;
        for (int i = 0; i < 3; i++) {
            double covered = arcs.get(ABC.memberIds().get(i)).stream()
                    .mapToDouble(a -> a[1] > a[0] ? a[1] - a[0] : a[1] + 1 - a[0]).sum();
            assertThat(covered).as(ABC.memberIds().get(i)).isCloseTo(shares[i], org.assertj.core.data.Offset.offset(1e-9));
            total += covered;
        }
        assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void readyOnceInTheRingWithItsJoinSettledAndUntilItLeaves() {
        Readiness readiness = new Readiness();
        Map<String, String> moving = Map.of("cluster_epoch", "3", "rebalance_running", "1");
        Map<String, String> settled = Map.of("cluster_epoch", "3", "rebalance_running", "0");
        ClusterState joining = seenBy("c", Ring.empty(RingParameters.defaults()).join(Member.of("a")).join(Member.of("b")),
                false, live("a", NodeState.ACTIVE), live("b", NodeState.ACTIVE), live("c", NodeState.ACTIVE));
        assertThat(readiness.of(joining, view(joining, Map.of())).reason()).isEqualTo("joining: not in the ring yet");
        ClusterState in = seenBy("c", ABC, false, live("a", NodeState.ACTIVE), live("b", NodeState.ACTIVE),
                live("c", NodeState.ACTIVE));
        assertThat(readiness.of(in, view(in, Map.of("a", moving, "b", settled, "c", settled))).reason())
                .isEqualTo("joining: data still moving to its new owners");
        assertThat(readiness.of(in, view(in, Map.of("a", settled, "b", settled, "c", settled))).ready()).isTrue();
        // a later rebalance (another member joining) does not take it out of service
        assertThat(readiness.of(in, view(in, Map.of("a", moving, "b", moving, "c", moving))).ready()).isTrue();
        ClusterState leaving = seenBy("c", ABC, true, live("a", NodeState.ACTIVE), live("b", NodeState.ACTIVE));
        assertThat(readiness.of(leaving, view(leaving, Map.of())).reason()).isEqualTo("leaving");
        assertThat(new Readiness().of(null, null).ready()).as("a standalone node").isTrue();
    }

    private static ClusterView view(ClusterState s, Map<String, Map<String, String>> stats) {
        return ClusterView.of(s, ClusterView.rows(s), stats, Map.of(), 0);
    }
}
