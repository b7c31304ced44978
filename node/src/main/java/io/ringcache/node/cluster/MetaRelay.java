package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Delete;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.protocol.ErrorReply;
import io.ringcache.node.server.Answers;
import io.ringcache.node.server.ReplySink;
import io.ringcache.node.store.ItemKey;
import java.nio.charset.StandardCharsets;

/**
 * The way back of a binary client's request that a cluster member ran as meta
 * ({@link io.ringcache.node.protocol.BinaryAsMeta}): the meta answer, wherever it was made (here or
 * at the key's owner), said through the client's {@link Answers}, so that it reaches the client as
 * the packet a local execution would have written.
 *
 * <pre>
 *   mg (get, gat)   VA &lt;n&gt; f&lt;flags&gt; c&lt;cas&gt; + data | EN
 *   mg (touch)      HD f&lt;flags&gt; c&lt;cas&gt; | EN
 *   ms              HD c&lt;cas&gt; | NS | EX | NF
 *   md              HD | NF | EX
 *   ma              VA &lt;n&gt; c&lt;cas&gt; + digits | NF | EX | NS
 *   any             CLIENT_ERROR cannot increment ... | SERVER_ERROR &lt;text&gt;
 * </pre>
 */
final class MetaRelay {

    private static final byte[] VA = ascii("VA ");
    private static final byte[] HD = ascii("HD");
    private static final byte[] NS = ascii("NS");
    private static final byte[] EX = ascii("EX");
    private static final byte[] NF = ascii("NF");
    private static final byte[] EN = ascii("EN");
    private static final byte[] NON_NUMERIC = ascii("CLIENT_ERROR cannot increment");
    private static final byte[] TOO_LARGE = ascii("SERVER_ERROR object too large");
    private static final byte[] OUT_OF_MEMORY = ascii("SERVER_ERROR out of memory");
    private static final byte[] SERVER_ERROR = ascii("SERVER_ERROR ");

    private MetaRelay() {
    }

    /**
     * Says the owner's meta {@code answer} to {@code command} through {@code answers} into {@code out};
     * an answer that fits none of the request's meta answers is passed on as it is (an error line).
     */
    static void answer(Command command, ByteBuf answer, Answers answers, ReplySink out) {
        MetaLine line = MetaLine.of(answer);
        if (command instanceof Retrieve c) {
            ItemKey key = c.keys()[0];
            if (line.is(VA)) {
                byte[] value = line.data(answer);
                answers.value(out, c, key, (int) line.flag('f'), line.flag('c'), value, 0, value.length);
            } else if (line.is(EN)) {
                answers.miss(out, c, key);
            } else {
                passOn(command, answer, answers, out);
                return;
            }
            answers.endOfValues(out, c);
        } else if (command instanceof Touch c) {
            if (line.is(HD)) {
                answers.touched(out, c, (int) line.flag('f'), line.flag('c'));
            } else if (line.is(EN)) {
                answers.notFound(out, c);
            } else {
                passOn(command, answer, answers, out);
            }
        } else if (command instanceof Store c) {
            if (line.is(HD)) {
                answers.stored(out, c, line.flag('c'));
            } else if (line.is(NS)) {
                answers.notStored(out, c);
            } else {
                statusOrError(command, line, answer, answers, out);
            }
        } else if (command instanceof Delete c) {
            if (line.is(HD)) {
                answers.deleted(out, c);
            } else {
                statusOrError(command, line, answer, answers, out);
            }
        } else if (command instanceof Arithmetic c) {
            if (line.is(VA)) {
                byte[] digits = line.data(answer);
                answers.counted(out, c, digits, 0, digits.length, line.flag('c'));
            } else if (line.is(NS)) {
                answers.error(out, c, ErrorReply.OUT_OF_MEMORY); // the counter could not be created
            } else {
                statusOrError(command, line, answer, answers, out);
            }
        } else {
            throw new IllegalArgumentException("not a relayed command: " + command);
        }
    }

    private static void statusOrError(Command command, MetaLine line, ByteBuf answer, Answers answers, ReplySink out) {
        if (line.is(EX)) {
            answers.exists(out, command);
        } else if (line.is(NF)) {
            answers.notFound(out, command);
        } else {
            passOn(command, answer, answers, out);
        }
    }

    /**
     * An error line, said in the client's protocol: memcached's own by their meaning, any other
     * {@code SERVER_ERROR} (a cluster's: no owner reachable, joining...) with its words.
     */
    private static void passOn(Command command, ByteBuf answer, Answers answers, ReplySink out) {
        if (startsWith(answer, NON_NUMERIC)) {
            answers.error(out, command, ErrorReply.NON_NUMERIC);
        } else if (startsWith(answer, TOO_LARGE)) {
            answers.error(out, command, ErrorReply.TOO_LARGE);
        } else if (startsWith(answer, OUT_OF_MEMORY)) {
            answers.error(out, command, ErrorReply.OUT_OF_MEMORY);
        } else if (startsWith(answer, SERVER_ERROR)) {
            int from = answer.readerIndex() + SERVER_ERROR.length;
            int lf = answer.indexOf(from, answer.writerIndex(), (byte) '\n');
            int end = lf < 0 ? answer.writerIndex() : lf > from && answer.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            byte[] message = new byte[end - from];
            answer.getBytes(from, message);
            answers.serverError(out, command, message);
        } else {
            answers.error(out, command, ErrorReply.BAD_COMMAND_LINE);
        }
    }

    private static boolean startsWith(ByteBuf b, byte[] prefix) {
        if (b.readableBytes() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.getByte(b.readerIndex() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The first line of a meta answer: its code, its return flags, and where a data block starts. */
    private record MetaLine(String code, String[] flags, int dataAt, int dataLength) {

        static MetaLine of(ByteBuf answer) {
            int start = answer.readerIndex();
            int lf = answer.indexOf(start, answer.writerIndex(), (byte) '\n');
            int end = lf < 0 ? answer.writerIndex() : lf > start && answer.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            String[] tokens = answer.toString(start, end - start, StandardCharsets.US_ASCII).split(" ");
            int dataLength = tokens[0].equals("VA") && tokens.length > 1 ? Integer.parseInt(tokens[1]) : 0;
            return new MetaLine(tokens[0], tokens, lf + 1, dataLength);
        }

        boolean is(byte[] code) {
            return this.code.equals(new String(code, StandardCharsets.US_ASCII).trim());
        }

        /** The value of return flag {@code letter} (an unsigned decimal), or 0 when absent. */
        long flag(char letter) {
            for (int i = 1; i < flags.length; i++) {
                if (flags[i].length() > 1 && flags[i].charAt(0) == letter) {
                    return Long.parseUnsignedLong(flags[i].substring(1));
                }
            }
            return 0;
        }

        byte[] data(ByteBuf answer) {
            byte[] data = new byte[dataLength];
            answer.getBytes(dataAt, data);
            return data;
        }
    }
}
