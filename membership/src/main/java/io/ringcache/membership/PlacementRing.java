package io.ringcache.membership;

import io.ringcache.ring.Member;
import io.ringcache.ring.Ring;
import io.ringcache.ring.RingParameters;
import java.util.List;

/** The ring module's snapshot behind the {@link RingModel} seam: what membership sequences and publishes. */
final class PlacementRing implements RingModel {

  private final Ring ring;

  private PlacementRing(Ring ring) {
    this.ring = ring;
  }

  /** Rings with the cluster's replication factor and vnodes, in the balanced mode. */
  static Factory factory(int replicationFactor, int vnodes) {
    RingParameters parameters = RingParameters.defaults().withReplicationFactor(replicationFactor).withVnodes(vnodes);
    return new Factory() {
      @Override
      public RingModel empty() {
        return new PlacementRing(Ring.empty(parameters));
      }

      @Override
      public RingModel decode(byte[] encoded) {
        Ring ring = Ring.decode(encoded);
        if (!ring.parameters().equals(parameters)) {
          throw new IllegalArgumentException("a ring with " + ring.parameters() + " in a cluster of " + parameters);
        }
        return new PlacementRing(ring);
      }
    };
  }

  @Override
  public long epoch() {
    return ring.epoch();
  }

  @Override
  public List<String> memberIds() {
    return ring.memberIds();
  }

  @Override
  public RingModel join(NodeInfo node) {
    return new PlacementRing(ring.join(new Member(node.nodeId(), node.weight(), node.zone())));
  }

  @Override
  public RingModel leave(String nodeId) {
    return new PlacementRing(ring.leave(nodeId));
  }

  @Override
  public byte[] encode() {
    return ring.encode();
  }

  @Override
  public String fingerprint() {
    return ring.fingerprint();
  }

  @Override
  public Ring placement() {
    return ring;
  }
}
