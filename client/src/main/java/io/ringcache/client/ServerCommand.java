package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Commands addressed to a server rather than a key: flush_all, version, stats. */
final class ServerCommand {
  private ServerCommand() {}

  /** {@code flush_all [delay] [noreply]}: OK. */
  record FlushAll(int delaySeconds, boolean noreply) implements Command<Void> {
    private static final byte[] WORD = Ascii.bytes("flush_all");

    @Override
    public ResponseShape shape() {
      return noreply ? ResponseShape.NONE : ResponseShape.LINE;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator allocator) {
      ByteBuf out = allocator.ioBuffer(32).writeBytes(WORD);
      if (delaySeconds > 0) {
        out.writeByte(' ');
        Ascii.writeDecimal(out, delaySeconds);
      }
      return (noreply ? out.writeBytes(Ascii.NOREPLY) : out).writeBytes(Ascii.CRLF);
    }

    @Override
    public Void decode(ByteBuf frame) {
      if (AnswerLines.is(frame, Ascii.OK)) {
        return null;
      }
      AnswerLines.throwIfError(frame);
      throw AnswerLines.unexpected(frame, "flush_all");
    }
  }

  /** {@code version}: VERSION <version>. */
  record Version() implements Command<String> {
    private static final byte[] LINE = Ascii.bytes("version\r\n");

    @Override
    public ResponseShape shape() {
      return ResponseShape.LINE;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator allocator) {
      return allocator.ioBuffer(LINE.length).writeBytes(LINE);
    }

    @Override
    public String decode(ByteBuf frame) {
      int start = frame.readerIndex();
      int length = AnswerLines.lineLength(frame);
      if (Ascii.startsWith(frame, start, length, Ascii.VERSION_SP)) {
        return Ascii.string(frame, start + Ascii.VERSION_SP.length, start + length);
      }
      AnswerLines.throwIfError(frame);
      throw AnswerLines.unexpected(frame, "version");
    }
  }

  /** {@code stats [group]}: STAT name value lines up to END, as an ordered map. */
  record Stats(String group) implements Command<Map<String, String>> {
    private static final byte[] WORD = Ascii.bytes("stats");

    @Override
    public ResponseShape shape() {
      return ResponseShape.STATS;
    }

    @Override
    public ByteBuf encode(ByteBufAllocator allocator) {
      ByteBuf out = allocator.ioBuffer(32).writeBytes(WORD);
      if (group != null && !group.isEmpty()) {
        out.writeByte(' ').writeBytes(Keys.encode(group));
      }
      return out.writeBytes(Ascii.CRLF);
    }

    @Override
    public Map<String, String> decode(ByteBuf frame) {
      Map<String, String> stats = new LinkedHashMap<>();
      int p = frame.readerIndex();
      int end = frame.writerIndex();
      while (p < end) {
        int lf = frame.indexOf(p, end, (byte) '\n');
        int length = lf - 1 - p;
        if (Ascii.equalsAt(frame, p, length, Ascii.END)) {
          return stats;
        }
        AnswerLines.throwIfError(frame, p, length);
        if (Ascii.startsWith(frame, p, length, Ascii.STAT_SP)) {
          int nameStart = p + Ascii.STAT_SP.length;
          int space = frame.indexOf(nameStart, p + length, (byte) ' ');
          if (space < 0) {
            stats.put(Ascii.string(frame, nameStart, p + length), "");
          } else {
            stats.put(Ascii.string(frame, nameStart, space), Ascii.string(frame, space + 1, p + length));
          }
        }
        p = lf + 1;
      }
      throw new CorruptResponseException("stats answer without END");
    }
  }
}
