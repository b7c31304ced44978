package io.ringcache.node.server;

import static io.ringcache.node.protocol.BinaryOpcodes.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.ringcache.node.protocol.BinaryRequest;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Stats;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.protocol.ErrorReply;
import io.ringcache.node.store.ItemKey;
import java.nio.charset.StandardCharsets;

/**
 * memcached's binary-protocol answers to one request: a 24-byte header with the request's opcode
 * and opaque, then extras, key and value as proto_bin.c writes them. Quiet opcodes answer no
 * success (a quiet get no miss either); errors are always answered. One instance per request.
 *
 * <pre>
 *   0  magic 0x81   1 opcode   2 keylen (16)   4 extlen   5 datatype 0   6 status (16)
 *   8  bodylen (32)            12 opaque (32)             16 cas (64)
 * </pre>
 */
public final class BinaryAnswers implements Answers {

    /** What memcached answers when memory is exhausted and it may not evict (-M). */
    private static final byte[] OUT_OF_MEMORY = ascii("Out of memory allocating item");
    private static final byte[] VERSION_TEXT = ascii(StatsReport.VERSION);
    private static final byte[] STAT_PREFIX = ascii("STAT ");

    private final BinaryRequest request;

    public BinaryAnswers(BinaryRequest request) {
        this.request = request;
    }

    @Override
    public void value(ReplySink out, Retrieve c, ItemKey key, int flags, long cas, byte[] array, int offset, int length) {
        int keyLength = request.returnsKey() ? key.length() : 0;
        ByteBuf b = out.buffer();
        header(b, request.opcode(), SUCCESS, 4, keyLength, 4 + keyLength + length, cas);
        b.writeInt(flags);
        if (keyLength > 0) {
            b.writeBytes(key.bytes());
        }
        out.writeValue(array, offset, length);
    }

    @Override
    public void miss(ReplySink out, Retrieve c, ItemKey key) {
        if (request.quiet()) {
            return;
        }
        if (request.returnsKey()) {
            ByteBuf b = out.buffer();
            header(b, request.opcode(), KEY_ENOENT, 0, key.length(), key.length(), 0);
            b.writeBytes(key.bytes());
        } else {
            error(out, KEY_ENOENT);
        }
    }

    @Override
    public void endOfValues(ReplySink out, Retrieve c) {
        // every binary get asks for one key: its answer is complete
    }

    @Override
    public void stored(ReplySink out, Store c, long cas) {
        success(out, cas);
    }

    @Override
    public void notStored(ReplySink out, Store c) {
        error(out, switch (request.opcode()) {
            case ADD, ADDQ -> KEY_EEXISTS;
            case REPLACE, REPLACEQ -> KEY_ENOENT;
            default -> NOT_STORED;
        });
    }

    @Override
    public void exists(ReplySink out, Command c) {
        error(out, KEY_EEXISTS);
    }

    @Override
    public void notFound(ReplySink out, Command c) {
        error(out, KEY_ENOENT);
    }

    @Override
    public void deleted(ReplySink out, Command.Delete c) {
        success(out, 0);
    }

    @Override
    public void counted(ReplySink out, Arithmetic c, byte[] digits, int offset, int length, long cas) {
        if (request.quiet()) {
            return;
        }
        ByteBuf b = out.buffer();
        header(b, request.opcode(), SUCCESS, 0, 0, 8, cas);
        b.writeLong(counterValue(digits, offset, length));
    }

    @Override
    public void touched(ReplySink out, Touch c, int flags, long cas) {
        ByteBuf b = out.buffer();
        header(b, request.opcode(), SUCCESS, 4, 0, 4, cas);
        b.writeInt(flags);
    }

    @Override
    public void ok(ReplySink out, Command c) {
        success(out, 0);
    }

    @Override
    public void version(ReplySink out, Command c) {
        ByteBuf b = out.buffer();
        header(b, request.opcode(), SUCCESS, 0, 0, VERSION_TEXT.length, 0);
        b.writeBytes(VERSION_TEXT);
    }

    @Override
    public void noop(ReplySink out, Command c) {
        header(out.buffer(), request.opcode(), SUCCESS, 0, 0, 0, 0);
    }

    /**
     * One packet per statistic (key = name, value = value), then an empty packet that ends them;
     * an unknown group is {@code Not found}. The text report is rendered first and re-framed: stats
     * are rare, and one report keeps both protocols' figures the same.
     */
    @Override
    public void stats(ReplySink out, Stats c, StatsReport report) {
        ByteBuf text = Unpooled.buffer(2048);
        try {
            report.write(c.group(), text);
            if (ByteBufUtil.equals(text, Unpooled.wrappedBuffer(ErrorReply.ERROR.line()))) {
                error(out, KEY_ENOENT);
                return;
            }
            ByteBuf b = out.buffer();
            while (startsWith(text, STAT_PREFIX)) {
                int lineEnd = text.indexOf(text.readerIndex(), text.writerIndex(), (byte) '\r');
                int nameAt = text.readerIndex() + STAT_PREFIX.length;
                int space = text.indexOf(nameAt, lineEnd, (byte) ' ');
                int nameEnd = space < 0 ? lineEnd : space;
                int valueAt = space < 0 ? lineEnd : space + 1;
                header(b, STAT, SUCCESS, 0, nameEnd - nameAt, lineEnd - nameAt - (valueAt - nameEnd), 0);
                b.writeBytes(text, nameAt, nameEnd - nameAt);
                b.writeBytes(text, valueAt, lineEnd - valueAt);
                text.readerIndex(lineEnd + 2);
            }
            header(b, STAT, SUCCESS, 0, 0, 0, 0);
        } finally {
            text.release();
        }
    }

    @Override
    public void quit(ReplySink out, Command c) {
        success(out, 0);
    }

    @Override
    public void error(ReplySink out, Command c, ErrorReply error) {
        switch (error) {
            case ERROR -> error(out, UNKNOWN_COMMAND);
            case NON_NUMERIC -> error(out, DELTA_BADVAL);
            case TOO_LARGE -> error(out, E2BIG);
            case OUT_OF_MEMORY -> error(out, ENOMEM, OUT_OF_MEMORY);
            default -> error(out, EINVAL);
        }
    }

    @Override
    public void serverError(ReplySink out, Command c, byte[] message) {
        error(out, ENOMEM, message);
    }

    private void success(ReplySink out, long cas) {
        if (!request.quiet()) {
            header(out.buffer(), request.opcode(), SUCCESS, 0, 0, 0, cas);
        }
    }

    private void error(ReplySink out, int status) {
        error(out, status, ascii(errorText(status)));
    }

    private void error(ReplySink out, int status, byte[] text) {
        ByteBuf b = out.buffer();
        header(b, request.opcode(), status, 0, 0, text.length, 0);
        b.writeBytes(text);
    }

    /** The 24 header bytes in three big-endian words: magic..status, bodylen and opaque, cas. */
    private void header(ByteBuf b, int opcode, int status, int extrasLength, int keyLength, int bodyLength, long cas) {
        b.writeLong((long) RESPONSE_MAGIC << 56 | (long) (opcode & 0xff) << 48 | (long) (keyLength & 0xffff) << 32
                | (long) (extrasLength & 0xff) << 24 | (status & 0xffff)); // datatype 0 at byte 5
        b.writeLong((long) bodyLength << 32 | (request.opaque() & 0xffffffffL));
        b.writeLong(cas);
    }

    /** The counter's value from its decimal digits (memcached may pad a shorter value with spaces). */
    private static long counterValue(byte[] digits, int offset, int length) {
        long value = 0;
        for (int i = offset; i < offset + length && digits[i] != ' '; i++) {
            value = value * 10 + (digits[i] - '0');
        }
        return value;
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
}
