package io.ringcache.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Delete;
import io.ringcache.node.protocol.Command.FlushAll;
import io.ringcache.node.protocol.Command.Invalid;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Stats;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.TooLarge;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.Items;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The decoder on an EmbeddedChannel: every input gives the same commands however it is split. */
class CommandDecoderTest {

    enum Split { WHOLE, BYTE_BY_BYTE, ODD_CHUNKS }

    private static final int[] ODD = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};

    /** Feeds {@code input} split as told and returns the decoded commands, described. */
    static List<String> decode(String input, Split split) {
        return decode(input.getBytes(StandardCharsets.ISO_8859_1), split, 2048, 1 << 20);
    }

    static List<String> decode(byte[] bytes, Split split, int maxLine, int maxGetLine) {
        EmbeddedChannel ch = new EmbeddedChannel(new CommandDecoder(maxLine, maxGetLine, 1 << 20));
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
            out.add(describe((Command) o));
        }
        ch.finishAndReleaseAll();
        return out;
    }

    static String describe(Command c) {
        if (c instanceof Store s) {
            return s.mode() + " " + s.key() + " " + Integer.toUnsignedString(s.flags()) + " " + s.exptime() + " "
                    + Long.toUnsignedString(s.casUnique()) + " [" + value(s.item()) + "]" + (s.noreply() ? " noreply" : "");
        }
        if (c instanceof Retrieve r) {
            return (r.touch() ? "GAT" + (r.withCas() ? "S " : " ") + r.exptime() : "GET" + (r.withCas() ? "S" : ""))
                    + " " + Arrays.stream(r.keys()).map(ItemKey::toString).collect(Collectors.joining(","));
        }
        if (c instanceof Delete d) {
            return "DELETE " + d.key() + (d.noreply() ? " noreply" : "");
        }
        if (c instanceof Arithmetic a) {
            return (a.increment() ? "INCR " : "DECR ") + a.key() + " " + Long.toUnsignedString(a.delta()) + (a.noreply() ? " noreply" : "");
        }
        if (c instanceof Touch t) {
            return "TOUCH " + t.key() + " " + t.exptime() + (t.noreply() ? " noreply" : "");
        }
        if (c instanceof FlushAll f) {
            return "FLUSH_ALL " + f.delay() + (f.noreply() ? " noreply" : "");
        }
        if (c instanceof Invalid e) {
            return e.reply() + (e.noreply() ? " noreply" : "") + (e.close() ? " close" : "");
        }
        if (c instanceof TooLarge t) {
            return "TOO_LARGE " + t.key();
        }
        if (c instanceof Stats s) {
            return "STATS " + s.group();
        }
        if (c instanceof Command.MetaGet m) {
            return "MG " + m.key() + meta(m.flags());
        }
        if (c instanceof Command.MetaSet m) {
            return "MS " + m.mode() + " " + m.key() + " [" + value(m.item()) + "]" + meta(m.flags());
        }
        if (c instanceof Command.MetaDelete m) {
            return "MD " + m.key() + meta(m.flags());
        }
        if (c instanceof Command.MetaArithmetic m) {
            return (m.increment() ? "MA+ " : "MA- ") + m.key() + meta(m.flags());
        }
        return c.getClass().getSimpleName().toUpperCase();
    }

    private static String meta(MetaFlags f) {
        StringBuilder b = new StringBuilder(" {");
        for (int i = 0; i < f.count(); i++) {
            b.append((char) f.flagAt(i));
        }
        return b.append(" O=").append(new String(f.opaque(), StandardCharsets.ISO_8859_1))
                .append(" T=").append(f.ttl()).append(" N=").append(f.vivifyTtl()).append(" R=").append(f.recacheBelow())
                .append(" C=").append(Long.toUnsignedString(f.compareCas())).append(" E=").append(Long.toUnsignedString(f.newCas()))
                .append(" D=").append(Long.toUnsignedString(f.delta())).append(" J=").append(Long.toUnsignedString(f.initial()))
                .append(" F=").append(Integer.toUnsignedString(f.clientFlags())).append(" M=").append((char) f.mode())
                .append('}').toString();
    }

    private static String value(byte[] item) {
        return new String(item, Items.valueOffset(item), Items.valueLength(item), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void storageCommands(Split split) {
        assertThat(decode("set a 1 2 3\r\nabc\r\nadd b 0 0 0\r\n\r\nreplace c 4294967295 -1 2 noreply\r\n\r\n\r\n"
                + "append d 0 0 1\r\nx\r\nprepend e 0 0 1\r\ny\r\ncas f 0 0 1 18446744073709551615\r\nz\r\n", split))
                .containsExactly(
                        "SET a 1 2 0 [abc]",
                        "ADD b 0 0 0 []",
                        "REPLACE c 4294967295 -1 0 [\r\n] noreply",
                        "APPEND d 0 0 0 [x]",
                        "PREPEND e 0 0 0 [y]",
                        "CAS f 0 0 18446744073709551615 [z]");
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void otherCommands(Split split) {
        assertThat(decode("get a b  c\r\ngets a\r\ngat 10 a b\r\ngats -1 a\r\ndelete a\r\ndelete a 0 noreply\r\n"
                + "incr a 18446744073709551615\r\ndecr a 1 noreply\r\ntouch a 5\r\nflush_all\r\nflush_all 10 noreply\r\n"
                + "version\r\nverbosity 1\r\nstats\r\nstats settings\r\nquit\r\nget ignored\r\n", split))
                .containsExactly(
                        "GET a,b,c", "GETS a", "GAT 10 a,b", "GATS -1 a", "DELETE a", "DELETE a noreply",
                        "INCR a 18446744073709551615", "DECR a 1 noreply", "TOUCH a 5", "FLUSH_ALL 0",
                        "FLUSH_ALL 10 noreply", "VERSION", "VERBOSITY", "STATS ", "STATS settings", "QUIT");
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void badInputResynchronises(Split split) {
        assertThat(decode("set " + "k".repeat(251) + " 0 0 5\r\nhello\r\n"
                + "set a 0 0 2\r\nhiXX\r\n"
                + "set a 0 0 -1\r\n"
                + "set a x 0 1 noreply\r\nz\r\n"
                + "set a 0 0 1048576\r\n" + "v".repeat(1048576) + "\r\n"
                + "bogus\r\n\r\ndelete a 10\r\nincr a -1\r\n"
                + "get a\r\n", split))
                .containsExactly(
                        "BAD_COMMAND_LINE", "BAD_DATA_CHUNK", "BAD_COMMAND_LINE", "BAD_COMMAND_LINE noreply",
                        "TOO_LARGE a", "ERROR", "ERROR", "DELETE_USAGE", "INVALID_DELTA", "GET a");
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void overLongLineCloses(Split split) {
        byte[] noNewline = "x".repeat(3000).getBytes(StandardCharsets.US_ASCII);
        assertThat(decode(noNewline, split, 2048, 8192)).containsExactly("CLOSE");
        byte[] longGet = ("get " + "k ".repeat(5000)).getBytes(StandardCharsets.US_ASCII);
        assertThat(decode(longGet, split, 2048, 8192)).containsExactly("LINE_TOO_LONG close");
    }

    @Test
    void getLineMayBeLongerThanOtherLines() {
        String keys = "k ".repeat(2000);
        assertThat(decode(("get " + keys + "\r\n").getBytes(StandardCharsets.US_ASCII), Split.ODD_CHUNKS, 2048, 8192))
                .hasSize(1).first().asString().startsWith("GET k,k");
    }

    @Test
    void binaryProtocolAndHttpClose() {
        assertThat(decode(new byte[] {(byte) 0x80, 0, 0, 0}, Split.WHOLE, 2048, 8192)).containsExactly("ERROR close");
        assertThat(decode("GET / HTTP/1.0\r\n\r\n", Split.BYTE_BY_BYTE)).containsExactly("CLOSE");
    }

    @Test
    void partialCommandIsVisibleToTheReadTimeout() {
        CommandDecoder decoder = new CommandDecoder(2048, 8192, 1 << 20);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.copiedBuffer("set a 0 0 5\r\nhel", StandardCharsets.US_ASCII));
        assertThat(decoder.hasPartialCommand()).isTrue();
        ch.writeInbound(Unpooled.copiedBuffer("lo\r\n", StandardCharsets.US_ASCII));
        assertThat(decoder.hasPartialCommand()).isFalse();
        assertThat(decoder.decodedCount()).isEqualTo(1);
        ch.writeInbound(Unpooled.copiedBuffer("get", StandardCharsets.US_ASCII));
        assertThat(decoder.hasPartialCommand()).isTrue();
        ch.finishAndReleaseAll();
    }
}
