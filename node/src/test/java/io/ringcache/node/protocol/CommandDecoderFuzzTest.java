package io.ringcache.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ringcache.node.protocol.CommandDecoderTest.Split;
import java.util.List;

/**
 * Fuzzes the decoder with arbitrary bytes. Under {@code mvn verify} it replays the inputs in
 * {@code CommandDecoderFuzzTestInputs/} (regression mode, milliseconds); to search for new ones:
 * {@code JAZZER_FUZZ=1 mvn -pl node -am test -Dtest=CommandDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>The properties: the decoder never throws (a throw would kill the connection's pipeline), and
 * how the bytes are split into reads never changes the commands it makes of them, so its state
 * between reads is exactly the state a whole read would have had. Small line limits bring the
 * line-too-long paths within the fuzzer's reach.
 */
class CommandDecoderFuzzTest {

    @FuzzTest(maxDuration = "120s")
    void anyBytesGiveTheSameCommandsHoweverTheyAreSplit(FuzzedDataProvider data) {
        byte[] input = data.consumeRemainingAsBytes();
        List<String> whole = CommandDecoderTest.decode(input, Split.WHOLE, 64, 256);
        assertThat(CommandDecoderTest.decode(input, Split.BYTE_BY_BYTE, 64, 256)).isEqualTo(whole);
        assertThat(CommandDecoderTest.decode(input, Split.ODD_CHUNKS, 64, 256)).isEqualTo(whole);
    }
}
