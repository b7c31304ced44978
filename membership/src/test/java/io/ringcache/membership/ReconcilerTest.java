package io.ringcache.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  static NodeInfo node(String id, long boot) {
    return new NodeInfo(id, boot, "127.0.0.1:1" + id.hashCode() % 1000, "127.0.0.1:2", "z", 100, NodeState.ACTIVE);
  }

  static Map<String, NodeInfo> live(NodeInfo... nodes) {
    Map<String, NodeInfo> m = new TreeMap<>();
    for (NodeInfo n : nodes) {
      m.put(n.nodeId(), n);
    }
    return m;
  }

  private final RingVersion empty = RingVersion.empty(HistoryRing.FACTORY);

  @Test
  void joinsInNodeIdOrderWhateverTheInputOrder() {
    RingVersion v = Reconciler.reconcile(empty, live(node("c", 1), node("a", 1), node("b", 1)));
    assertThat(v.epoch()).isEqualTo(3);
    assertThat(v.members()).extracting(RingMember::nodeId).containsExactly("a", "b", "c");
  }

  @Test
  void noChangeGivesTheSameVersion() {
    RingVersion v = Reconciler.reconcile(empty, live(node("a", 1)));
    assertThat(Reconciler.reconcile(v, live(node("a", 1)))).isSameAs(v);
  }

  @Test
  void leavesComeBeforeJoins() {
    RingVersion v = Reconciler.reconcile(empty, live(node("a", 1), node("b", 1)));
    RingVersion next = Reconciler.reconcile(v, live(node("b", 1), node("c", 1)));
    assertThat(next.epoch()).isEqualTo(4);
    assertThat(next.members()).extracting(RingMember::nodeId).containsExactly("b", "c");
    assertThat(Reconciler.describe(v, next)).containsExactly("-a", "+c");
  }

  @Test
  void keepsAMissingMemberUnlessItMayBeRemoved() {
    RingVersion v = Reconciler.reconcile(empty, live(node("a", 1), node("b", 1)));
    // the coordinator has not heard of b yet (metadata not fetched): b stays
    assertThat(Reconciler.reconcile(v, live(node("a", 1)), m -> false)).isSameAs(v);
    // a new process under b's id replaces it even so
    RingVersion replaced = Reconciler.reconcile(v, live(node("a", 1), node("b", 2)), m -> false);
    assertThat(replaced.members()).extracting(RingMember::bootId).containsExactly(1L, 2L);
    assertThat(Reconciler.reconcile(v, live(node("a", 1)), m -> m.nodeId().equals("b")).members())
        .extracting(RingMember::nodeId).containsExactly("a");
  }

  @Test
  void aRestartUnderTheSameIdIsLeaveThenJoin() {
    RingVersion v = Reconciler.reconcile(empty, live(node("a", 1), node("b", 1)));
    RingVersion next = Reconciler.reconcile(v, live(node("a", 2), node("b", 1)));
    assertThat(next.epoch()).isEqualTo(v.epoch() + 2);
    assertThat(next.members()).extracting(RingMember::nodeId).containsExactly("b", "a");
    assertThat(next.members().get(1).bootId()).isEqualTo(2);
  }

  @Test
  void sameHistoryGivesIdenticalBytes() {
    RingVersion first = Reconciler.reconcile(empty, live(node("a", 1)));
    RingVersion one = Reconciler.reconcile(first, live(node("a", 1), node("b", 1)));
    RingVersion two = Reconciler.reconcile(first, live(node("b", 1), node("a", 1)));
    assertThat(one.encoded()).isEqualTo(two.encoded());
    assertThat(one.fingerprint()).isEqualTo(two.fingerprint());
  }

  @Test
  void aClustersFirstRingDrawsItsIdAndEveryLaterRingKeepsIt() {
    RingVersion first = Reconciler.reconcile(empty, live(node("a", 1)));
    RingVersion later = Reconciler.reconcile(first, live(node("a", 1), node("b", 1)));
    assertThat(first.clusterId()).isNotZero();
    assertThat(later.clusterId()).isEqualTo(first.clusterId());
    assertThat(RingVersion.decode(later.encoded(), HistoryRing.FACTORY).clusterId()).isEqualTo(first.clusterId());
    // a cluster started again from nothing (a full restart) is another incarnation, with the same placement
    RingVersion restarted = Reconciler.reconcile(empty, live(node("a", 1)));
    assertThat(restarted.clusterId()).isNotEqualTo(first.clusterId());
    assertThat(restarted.fingerprint()).isEqualTo(first.fingerprint());
  }

  @Test
  void versionsRoundTripBitIdentically() {
    RingVersion v = Reconciler.reconcile(empty, live(node("a", 7), node("b", 9)));
    RingVersion back = RingVersion.decode(v.encoded(), HistoryRing.FACTORY);
    assertThat(back.encoded()).isEqualTo(v.encoded());
    assertThat(back.members()).isEqualTo(v.members());
    assertThat(back.epoch()).isEqualTo(v.epoch());
    assertThat(back.isNewerThan(v)).isFalse();
    assertThat(v.isNewerThan(back)).isFalse();
  }

  @Test
  void versionsAreTotallyOrdered() {
    RingVersion a = Reconciler.reconcile(empty, live(node("a", 1)));
    RingVersion b = Reconciler.reconcile(empty, live(node("b", 1)));
    assertThat(a.epoch()).isEqualTo(b.epoch());
    assertThat(a.isNewerThan(b)).isNotEqualTo(b.isNewerThan(a));
    RingVersion later = Reconciler.reconcile(a, live(node("a", 1), node("c", 1)));
    assertThat(later.isNewerThan(a)).isTrue();
    assertThat(later.isNewerThan(b)).isTrue();
  }

  @Test
  void badVersionBytesAreRejected() {
    RingVersion v = Reconciler.reconcile(empty, live(node("a", 1)));
    byte[] good = v.encoded();
    assertThatThrownBy(() -> RingVersion.decode(new byte[] {1, 2, 3}, HistoryRing.FACTORY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad magic");
    for (int length = 0; length < good.length; length++) {
      byte[] cut = Arrays.copyOf(good, length);
      assertThatThrownBy(() -> RingVersion.decode(cut, HistoryRing.FACTORY))
          .as("cut at %d", length).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> RingVersion.decode(new byte[RingVersion.MAX_ENCODED_BYTES + 1], HistoryRing.FACTORY))
        .hasMessageContaining("over the limit");
  }
}
