package io.ringcache.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseParserTest {
  private static final String STREAM =
      "VALUE key:1 0 5\r\nhello\r\nVALUE key:2 7 0\r\n\r\nEND\r\n"
          + "END\r\n"
          + "STORED\r\nNOT_STORED\r\nEXISTS\r\nNOT_FOUND\r\n"
          + "VALUE k 0 10 99\r\nEND\r\nEND\r\n\r\nEND\r\n" // a gets-style line; the data holds reply-like bytes
          + "ERROR\r\nCLIENT_ERROR bad data chunk\r\nSERVER_ERROR out of memory storing object\r\n";

  private static final List<String> EVENTS = List.of(
      "value", "value", "end", "end", "stored", "not-stored", "not-stored", "not-stored",
      "value", "end", "ERROR", "CLIENT_ERROR", "SERVER_ERROR");

  @ParameterizedTest(name = "chunks of {0} bytes")
  @ValueSource(ints = {1, 2, 3, 7, 64, 4096})
  void repliesAreRecognisedWhateverTheChunking(int chunk) {
    Recorder recorder = new Recorder();
    EmbeddedChannel channel = new EmbeddedChannel(new ResponseParser(recorder));
    byte[] bytes = STREAM.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < bytes.length; i += chunk) {
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
    }
    assertThat(recorder.events).containsExactlyElementsOf(EVENTS);
    assertThat(channel.finish()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"HELLO\r\n", "VALUE k 0 notanumber\r\n", "VALUE k 0\r\n", "\r\n"})
  void unknownLinesAreProtocolErrors(String line) {
    Recorder recorder = new Recorder();
    EmbeddedChannel channel = new EmbeddedChannel(new ResponseParser(recorder));
    channel.writeInbound(Unpooled.copiedBuffer(line + "END\r\n", StandardCharsets.US_ASCII));
    assertThat(recorder.events).containsExactly("protocol");
    channel.finishAndReleaseAll();
  }

  @org.junit.jupiter.api.Test
  void dataWithoutItsClosingCrlfIsAProtocolError() {
    Recorder recorder = new Recorder();
    EmbeddedChannel channel = new EmbeddedChannel(new ResponseParser(recorder));
    channel.writeInbound(Unpooled.copiedBuffer("VALUE k 0 3\r\nabcdEND\r\n", StandardCharsets.US_ASCII));
    assertThat(recorder.events).containsExactly("value", "protocol");
    channel.finishAndReleaseAll();
  }

  @org.junit.jupiter.api.Test
  void aLineLongerThanTheLimitIsAProtocolError() {
    Recorder recorder = new Recorder();
    EmbeddedChannel channel = new EmbeddedChannel(new ResponseParser(recorder));
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[ResponseParser.MAX_LINE + 1]));
    assertThat(recorder.events).containsExactly("protocol");
    channel.finishAndReleaseAll();
  }

  private static final class Recorder implements ResponseParser.Listener {
    final List<String> events = new ArrayList<>();

    @Override public void onValue() { events.add("value"); }
    @Override public void onEnd() { events.add("end"); }
    @Override public void onStoreReply(boolean stored) { events.add(stored ? "stored" : "not-stored"); }
    @Override public void onErrorReply(ResponseParser.ErrorKind kind) { events.add(kind.name()); }
    @Override public void onProtocolError(String why) { events.add("protocol"); }
  }
}
