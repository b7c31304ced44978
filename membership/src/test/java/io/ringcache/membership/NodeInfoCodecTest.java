package io.ringcache.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NodeInfoCodecTest {

  private static final NodeInfo NODE =
      new NodeInfo("cache-1", 0x0123_4567_89ab_cdefL, "10.0.0.5:11211", "10.0.0.5:11212", "eu-1a", 250, NodeState.ACTIVE);

  @Test
  void roundTrips() {
    ByteBuffer wire = NodeInfoCodec.INSTANCE.serialize(NODE);
    assertThat(NodeInfoCodec.INSTANCE.deserialize(wire)).isEqualTo(NODE);
    assertThat(NodeInfoCodec.INSTANCE.deserialize(NodeInfoCodec.INSTANCE.serialize(NODE.withState(NodeState.LEAVING))))
        .isEqualTo(NODE.withState(NodeState.LEAVING));
  }

  @Test
  void backingArrayHoldsExactlyThePayload() {
    ByteBuffer wire = NodeInfoCodec.INSTANCE.serialize(NODE);
    // scalecube sends buffer.array() whole: any slack would reach peers as trailing bytes
    assertThat(wire.hasArray()).isTrue();
    assertThat(wire.arrayOffset()).isZero();
    assertThat(wire.array()).hasSize(wire.remaining());
    assertThat(wire.position()).isZero();
  }

  @Test
  void readsWithoutDisturbingTheBuffer() {
    ByteBuffer wire = NodeInfoCodec.INSTANCE.serialize(NODE);
    NodeInfoCodec.INSTANCE.deserialize(wire);
    assertThat(wire.position()).isZero();
    assertThat(NodeInfoCodec.INSTANCE.deserialize(wire)).isEqualTo(NODE);
  }

  @Test
  void readsFromASliceOfALargerArray() {
    byte[] payload = NodeInfoCodec.encode(NODE);
    byte[] larger = new byte[payload.length + 10];
    System.arraycopy(payload, 0, larger, 5, payload.length);
    assertThat(NodeInfoCodec.INSTANCE.deserialize(ByteBuffer.wrap(larger, 5, payload.length))).isEqualTo(NODE);
  }

  @Test
  void emptyOrMissingMetadataIsNull() {
    assertThat(NodeInfoCodec.INSTANCE.deserialize(ByteBuffer.allocate(0))).isNull();
    assertThat(NodeInfoCodec.INSTANCE.deserialize(null)).isNull();
  }

  @Test
  void rejectsGarbageClearly() {
    assertThatThrownBy(() -> NodeInfoCodec.INSTANCE.deserialize(ByteBuffer.wrap("hello world".getBytes())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad magic");
    byte[] good = NodeInfoCodec.encode(NODE);
    byte[] badVersion = good.clone();
    badVersion[2] = 9;
    assertThatThrownBy(() -> NodeInfoCodec.INSTANCE.deserialize(ByteBuffer.wrap(badVersion)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported version 9");
    byte[] badState = good.clone();
    badState[badState.length - 1] = 7;
    assertThatThrownBy(() -> NodeInfoCodec.INSTANCE.deserialize(ByteBuffer.wrap(badState)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown node state code 7");
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> NodeInfoCodec.INSTANCE.deserialize(ByteBuffer.wrap(trailing)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 trailing bytes");
  }

  @Test
  void rejectsEveryTruncation() {
    byte[] good = NodeInfoCodec.encode(NODE);
    for (int length = 1; length < good.length; length++) {
      byte[] cut = Arrays.copyOf(good, length);
      assertThatThrownBy(() -> NodeInfoCodec.INSTANCE.deserialize(ByteBuffer.wrap(cut)))
          .as("cut at %d", length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rejectsInvalidFieldsInsideWellFormedBytes() {
    byte[] good = NodeInfoCodec.encode(NODE);
    byte[] badId = good.clone();
    badId[4] = ' '; // first character of the node id
    assertThatThrownBy(() -> NodeInfoCodec.INSTANCE.deserialize(ByteBuffer.wrap(badId)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeId");
  }

  @Test
  void refusesToSerializeAnythingElse() {
    assertThatThrownBy(() -> NodeInfoCodec.INSTANCE.serialize("cache-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a NodeInfo");
  }

  @Test
  void nodeInfoValidatesItsFields() {
    assertThatThrownBy(() -> new NodeInfo("", 1, "h:1", "h:1", "z", 1, NodeState.ACTIVE))
        .hasMessageContaining("nodeId");
    assertThatThrownBy(() -> new NodeInfo("a", 1, "nohost", "h:1", "z", 1, NodeState.ACTIVE))
        .hasMessageContaining("clientAddress must be host:port");
    assertThatThrownBy(() -> new NodeInfo("a", 1, "h:1", "h:99999", "z", 1, NodeState.ACTIVE))
        .hasMessageContaining("port must be 0..65535");
    assertThatThrownBy(() -> new NodeInfo("a", 1, "h:1", "h:1", "z", 70_000, NodeState.ACTIVE))
        .hasMessageContaining("weight must be 0..65535");
    assertThatThrownBy(() -> new NodeInfo("a".repeat(65), 1, "h:1", "h:1", "z", 1, NodeState.ACTIVE))
        .hasMessageContaining("nodeId must be 1..64");
  }
}
