package io.ringcache.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalecube.cluster.Member;
import io.scalecube.cluster.transport.api.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Our gossip codec: round trips what members send, refuses everything else quickly and without allocating by it. */
class GossipCodecTest {

  @Test
  void aRingMessageAndAMemberRoundTrip() throws Exception {
    byte[] payload = RingMessage.encode(new RingMessage.Request("10.0.0.1:7946", 5, 42, true));
    Message m = Message.builder().qualifier(RingMessage.QUALIFIER).correlationId("c1").data(payload).build();
    Message back = roundTrip(m);
    assertThat(back.qualifier()).isEqualTo(RingMessage.QUALIFIER);
    assertThat(back.correlationId()).isEqualTo("c1");
    assertThat((byte[]) back.data()).isEqualTo(payload);

    Member member = new Member("n1@1", "n1", "127.0.0.1:7946", "ringcache");
    Message withMember = roundTrip(Message.builder().qualifier("q").data(member).build());
    assertThat((Member) withMember.data()).isEqualTo(member);
  }

  @Test
  void aJavaSerializationStreamIsRefusedAtItsFirstByte() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(serializationBomb(20)); // would keep a core busy for ages under readObject
    }
    long started = System.nanoTime();
    assertThatThrownBy(() -> decode(bytes.toByteArray())).isInstanceOf(IOException.class);
    assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
  }

  @Test
  void aTypeOutsideTheListCannotBeWritten() {
    Message m = Message.builder().qualifier("q").data(new HashSet<>(Set.of("x"))).build();
    assertThatThrownBy(() -> GossipCodec.INSTANCE.serialize(m, new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class).hasMessageContaining("not a gossip type");
  }

  @Test
  void lengthsBeyondTheFrameAreRefusedBeforeAnythingIsAllocated() throws Exception {
    // a Message whose header count, then a byte[] whose length, claims two billion
    ByteArrayOutputStream hugeCount = new ByteArrayOutputStream();
    new DataOutputStream(hugeCount).writeByte(3);
    new DataOutputStream(hugeCount).writeInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> decode(hugeCount.toByteArray())).isInstanceOf(IOException.class);

    ByteArrayOutputStream hugeBytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(hugeBytes);
    out.writeByte(3);
    out.writeInt(0);
    out.writeByte(2);
    out.writeInt(2_000_000_000);
    assertThatThrownBy(() -> decode(hugeBytes.toByteArray())).isInstanceOf(IOException.class);
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (int i = 0; i < GossipCodec.MAX_DEPTH + 1; i++) {
      out.writeByte(3); // a Message
      out.writeInt(0); // no headers; its data is the next Message
    }
    out.writeByte(0);
    assertThatThrownBy(() -> decode(bytes.toByteArray())).isInstanceOf(IOException.class)
        .hasMessageContaining("nested");
  }

  @Test
  void randomBytesNeverDecodeToAnythingButAnIoException() {
    Random random = new Random(14);
    for (int i = 0; i < 20_000; i++) {
      byte[] junk = new byte[random.nextInt(200)];
      random.nextBytes(junk);
      try {
        decode(junk);
      } catch (IOException expected) {
        // the only way a bad frame may end
      } catch (Exception e) {
        throw new AssertionError("random input " + i + " ended in " + e, e);
      }
    }
  }

  private static Message roundTrip(Message m) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GossipCodec.INSTANCE.serialize(m, bytes);
    return decode(bytes.toByteArray());
  }

  static Message decode(byte[] bytes) throws Exception {
    return GossipCodec.INSTANCE.deserialize(new ByteArrayInputStream(bytes));
  }

  /** The classic nested-HashSet payload: each level doubles the work of hashing it on read. */
  static Set<Object> serializationBomb(int depth) {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    Set<Object> s2 = new HashSet<>();
    for (int i = 0; i < depth; i++) {
      Set<Object> t1 = new HashSet<>();
      Set<Object> t2 = new HashSet<>();
      t1.add("x" + i);
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return root;
  }
}
