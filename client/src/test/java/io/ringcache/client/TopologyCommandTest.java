package io.ringcache.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.ring.Member;
import io.ringcache.ring.Ring;
import io.ringcache.ring.RingParameters;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The rc_topology answer as a node writes it: framed in pieces, decoded, and rejected when wrong. */
class TopologyCommandTest {

  private static Ring ring() {
    return Ring.empty(RingParameters.defaults()).join(Member.of("a")).join(Member.of("b")).join(Member.of("c"));
  }

  /** The answer exactly as node/cluster/TopologyText writes it. */
  private static ByteBuf answer(Ring ring, String fingerprint, String[] memberLines, String end) {
    byte[] bytes = ring.encode();
    ByteBuf out = Unpooled.buffer();
    out.writeCharSequence("RING " + ring.epoch() + " " + fingerprint + " " + bytes.length + "\r\n",
        StandardCharsets.US_ASCII);
    out.writeBytes(bytes).writeBytes(Ascii.CRLF);
    for (String line : memberLines) {
      out.writeCharSequence(line + "\r\n", StandardCharsets.US_ASCII);
    }
    out.writeCharSequence(end, StandardCharsets.US_ASCII);
    return out;
  }

  private static final String[] MEMBERS = {
      "MEMBER a 127.0.0.1:11211 - 1", "MEMBER b - zone-2 1", "MEMBER c [::1]:11213 - 1"};

  @Test
  void decodesTheRingAndTheAddressesInRingOrder() {
    Ring ring = ring();
    ClusterTopology t = TopologyCommand.parse(answer(ring, ring.fingerprint(), MEMBERS, "END\r\n"));
    assertThat(t.epoch()).isEqualTo(ring.epoch());
    assertThat(t.ring().fingerprint()).isEqualTo(ring.fingerprint());
    assertThat(t.addresses()).containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", 11211),
        null, InetSocketAddress.createUnresolved("::1", 11213));
    byte[] key = "user:42".getBytes(StandardCharsets.UTF_8);
    assertThat(t.ring().primary(key, 0, key.length)).isEqualTo(ring.primary(key, 0, key.length));
  }

  @Test
  void framesTheAnswerWhateverTheReadBoundaries() {
    Ring ring = ring();
    ByteBuf whole = answer(ring, ring.fingerprint(), MEMBERS, "END\r\n");
    int total = whole.readableBytes();
    for (int cut = 1; cut < total; cut += 7) {
      ResponseFramer framer = new ResponseFramer(8192, 1 << 20);
      ByteBuf in = Unpooled.buffer();
      in.writeBytes(whole, 0, cut);
      assertThat(framer.frame(in, ResponseShape.TOPOLOGY)).as("cut at %d", cut).isEqualTo(-1);
      in.writeBytes(whole, cut, total - cut);
      assertThat(framer.frame(in, ResponseShape.TOPOLOGY)).isEqualTo(total);
    }
  }

  @Test
  void endAloneMeansNoRingYet() {
    ByteBuf in = Unpooled.copiedBuffer("END\r\n", StandardCharsets.US_ASCII);
    assertThat(new ResponseFramer(8192, 1 << 20).frame(in, ResponseShape.TOPOLOGY)).isEqualTo(5);
    assertThat(TopologyCommand.parse(in)).isNull();
  }

  @Test
  void errorMeansTheServerDoesNotKnowTheCommand() {
    ByteBuf in = Unpooled.copiedBuffer("ERROR\r\n", StandardCharsets.US_ASCII);
    assertThat(new ResponseFramer(8192, 1 << 20).frame(in, ResponseShape.TOPOLOGY)).isEqualTo(7);
    assertThatThrownBy(() -> TopologyCommand.parse(in))
        .isInstanceOfSatisfying(ClientErrorException.class, e -> assertThat(e.unknownCommand()).isTrue());
  }

  @Test
  void rejectsAFingerprintThatDoesNotMatchTheBytes() {
    Ring ring = ring();
    assertThatThrownBy(() -> TopologyCommand.parse(answer(ring, "0123456789abcdef", MEMBERS, "END\r\n")))
        .isInstanceOf(CorruptResponseException.class).hasMessageContaining("do not match");
  }

  @Test
  void rejectsMembersOutOfRingOrderOrMissing() {
    Ring ring = ring();
    String[] swapped = {MEMBERS[1], MEMBERS[0], MEMBERS[2]};
    assertThatThrownBy(() -> TopologyCommand.parse(answer(ring, ring.fingerprint(), swapped, "END\r\n")))
        .isInstanceOf(CorruptResponseException.class).hasMessageContaining("ring order");
    String[] missing = {MEMBERS[0], MEMBERS[1]};
    assertThatThrownBy(() -> TopologyCommand.parse(answer(ring, ring.fingerprint(), missing, "END\r\n")))
        .isInstanceOf(CorruptResponseException.class).hasMessageContaining("2 MEMBER lines for 3");
    String[] badPort = {MEMBERS[0], "MEMBER b 127.0.0.1:99999 - 1", MEMBERS[2]};
    assertThatThrownBy(() -> TopologyCommand.parse(answer(ring, ring.fingerprint(), badPort, "END\r\n")))
        .isInstanceOf(CorruptResponseException.class).hasMessageContaining("port");
  }

  @Test
  void framerRejectsAnUnexpectedLine() {
    ByteBuf in = Unpooled.copiedBuffer("VALUE k 0 1\r\nx\r\nEND\r\n", StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> new ResponseFramer(8192, 1 << 20).frame(in, ResponseShape.TOPOLOGY))
        .isInstanceOf(CorruptResponseException.class);
  }
}
