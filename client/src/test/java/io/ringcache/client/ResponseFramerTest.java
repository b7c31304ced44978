package io.ringcache.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResponseFramerTest {
  private final ResponseFramer framer = new ResponseFramer(1024, 1 << 20);

  /** CSV rows write CRLF as ~ and a bare LF as ^. */
  private static String crlf(String csv) {
    return csv.replace("~", "\r\n").replace("^", "\n");
  }

  /** Feeds {@code wire} one byte at a time; returns the frame length found once all bytes are in. */
  private int frameByteByByte(String wire, ResponseShape shape) {
    byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuf in = Unpooled.buffer();
    try {
      for (int i = 0; i < bytes.length; i++) {
        in.writeByte(bytes[i]);
        int length = framer.frame(in, shape);
        if (length >= 0) {
          assertThat(i).as("framed before the last byte").isEqualTo(bytes.length - 1);
          return length;
        }
      }
      return -1;
    } finally {
      in.release();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "STORED~|LINE",
      "SERVER_ERROR out of memory storing object~|LINE",
      "12345~|LINE",
      "END~|VALUES",
      "VALUE k 0 5~END~~END~|VALUES",
      "VALUE a 1 3 99~abc~VALUE b 2 0 100~~END~|VALUES",
      "VALUE a 1 13~~VALUE x 0~~END~|VALUES",
      "CLIENT_ERROR bad command line format~|VALUES",
      "STAT pid 1~STAT version 1.6~END~|STATS",
      "HD~|META",
      "HD c123 t-1~|META",
      "EN~|META",
      "MN~|META",
      "VA 6 f5~END~x~|META",
      "VA 0~~|META",
      "ERROR~|META",
  })
  void framesEachShapeExactlyWhenFedByteByByte(String csv, ResponseShape shape) {
    String wire = crlf(csv);
    assertThat(frameByteByByte(wire, shape)).isEqualTo(wire.length());
  }

  @Test
  void framesOnlyTheFirstOfPipelinedAnswers() {
    ByteBuf in = Unpooled.copiedBuffer("VALUE k 0 3\r\nEND\r\nEND\r\nSTORED\r\n", StandardCharsets.US_ASCII);
    try {
      assertThat(framer.frame(in, ResponseShape.VALUES)).isEqualTo(23);
      in.skipBytes(23);
      assertThat(framer.frame(in, ResponseShape.LINE)).isEqualTo(8);
    } finally {
      in.release();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "BOGUS~|VALUES",
      "VALUE k 0 x~|VALUES",
      "VALUE k 0 3~abcXY|VALUES",
      "STORED^|LINE",
      "XX~|META",
      "VA abc~|META",
      "VALUE k 0 99999999999~|VALUES",
  })
  void rejectsStreamsThatCannotBeFramed(String csv, ResponseShape shape) {
    String wire = crlf(csv);
    ByteBuf in = Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1);
    try {
      assertThatThrownBy(() -> framer.frame(in, shape)).isInstanceOf(CorruptResponseException.class);
    } finally {
      in.release();
    }
  }

  @Test
  void enforcesTheLineAndValueLimits() {
    ResponseFramer small = new ResponseFramer(64, 100);
    ByteBuf longLine = Unpooled.copiedBuffer("x".repeat(65), StandardCharsets.US_ASCII);
    ByteBuf bigValue = Unpooled.copiedBuffer("VALUE k 0 101\r\n", StandardCharsets.US_ASCII);
    try {
      assertThatThrownBy(() -> small.frame(longLine, ResponseShape.LINE))
          .isInstanceOf(CorruptResponseException.class).hasMessageContaining("longer than 64");
      small.reset();
      assertThatThrownBy(() -> small.frame(bigValue, ResponseShape.VALUES))
          .isInstanceOf(CorruptResponseException.class).hasMessageContaining("client limit of 100");
    } finally {
      longLine.release();
      bigValue.release();
    }
  }
}
