package io.ringcache.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringcache.node.protocol.CommandDecoderTest.Split;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes a connection's decoding with arbitrary bytes after the binary protocol's magic, so the
 * text decoder hands over to {@link BinaryDecoder} as on a real connection. Under {@code mvn verify}
 * it replays the inputs in {@code BinaryDecoderFuzzTestInputs/} (regression mode); to search for new
 * ones: {@code JAZZER_FUZZ=1 mvn -pl node -am test -Dtest=BinaryDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>The properties, as for the text decoder: nothing throws, and how the bytes are split into reads
 * never changes the requests made of them. A small item limit brings the too-large path in reach.
 */
class BinaryDecoderFuzzTest {

    private static final int[] ODD = {1, 2, 3, 5, 7, 11, 13, 17, 64, 3};

    @FuzzTest(maxDuration = "120s")
    void anyBytesGiveTheSameRequestsHoweverTheyAreSplit(FuzzedDataProvider data) {
        byte[] body = data.consumeRemainingAsBytes();
        byte[] input = new byte[body.length + 1];
        input[0] = (byte) 0x80;
        System.arraycopy(body, 0, input, 1, body.length);
        List<String> whole = decode(input, Split.WHOLE);
        assertThat(decode(input, Split.BYTE_BY_BYTE)).isEqualTo(whole);
        assertThat(decode(input, Split.ODD_CHUNKS)).isEqualTo(whole);
    }

    static List<String> decode(byte[] bytes, Split split) {
        EmbeddedChannel ch = new EmbeddedChannel(new CommandDecoder(2048, 1 << 20, 4096, () -> new BinaryDecoder(4096)));
        int at = 0;
        int i = 0;
        while (at < bytes.length) {
            int n = switch (split) {
                case WHOLE -> bytes.length;
                case BYTE_BY_BYTE -> 1;
                case ODD_CHUNKS -> ODD[i++ % ODD.length];
            };
            n = Math.min(n, bytes.length - at);
            ch.writeInbound(Unpooled.copiedBuffer(bytes, at, n));
            at += n;
        }
        List<String> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            BinaryRequest r = (BinaryRequest) o;
            out.add(Integer.toHexString(r.opcode()) + "/" + r.opaque() + " " + CommandDecoderTest.describe(r.command()));
        }
        ch.finishAndReleaseAll();
        return out;
    }
}
