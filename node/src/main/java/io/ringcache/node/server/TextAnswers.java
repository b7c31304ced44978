package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Stats;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.protocol.ErrorReply;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.store.ItemKey;

/** memcached's text answers; {@code noreply} silences every answer of a command, errors included. */
public final class TextAnswers implements Answers {

    public static final TextAnswers INSTANCE = new TextAnswers();
    private static final byte[] MN = Responses.line("MN");
    private static final byte[] SERVER_ERROR = "SERVER_ERROR ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private TextAnswers() {
    }

    @Override
    public void value(ReplySink out, Retrieve c, ItemKey key, int flags, long cas, byte[] array, int offset, int length) {
        Responses.valueHeader(out.buffer(), key.bytes(), flags, length, c.withCas(), cas);
        out.writeValue(array, offset, length);
        out.buffer().writeBytes(Responses.CRLF);
    }

    @Override
    public void miss(ReplySink out, Retrieve c, ItemKey key) {
        // the text protocol names only the hits
    }

    @Override
    public void endOfValues(ReplySink out, Retrieve c) {
        out.buffer().writeBytes(Responses.END);
    }

    @Override
    public void stored(ReplySink out, Store c, long cas) {
        line(out, c, Responses.STORED);
    }

    @Override
    public void notStored(ReplySink out, Store c) {
        line(out, c, Responses.NOT_STORED);
    }

    @Override
    public void exists(ReplySink out, Command c) {
        line(out, c, Responses.EXISTS);
    }

    @Override
    public void notFound(ReplySink out, Command c) {
        line(out, c, Responses.NOT_FOUND);
    }

    @Override
    public void deleted(ReplySink out, Command.Delete c) {
        line(out, c, Responses.DELETED);
    }

    @Override
    public void counted(ReplySink out, Arithmetic c, byte[] digits, int offset, int length, long cas) {
        if (!c.noreply()) {
            out.buffer().writeBytes(digits, offset, length);
            out.buffer().writeBytes(Responses.CRLF);
        }
    }

    @Override
    public void touched(ReplySink out, Touch c, int flags, long cas) {
        line(out, c, Responses.TOUCHED);
    }

    @Override
    public void ok(ReplySink out, Command c) {
        line(out, c, Responses.OK);
    }

    @Override
    public void version(ReplySink out, Command c) {
        out.buffer().writeBytes(StatsReport.VERSION_LINE);
    }

    @Override
    public void noop(ReplySink out, Command c) {
        out.buffer().writeBytes(MN);
    }

    @Override
    public void stats(ReplySink out, Stats c, StatsReport report) {
        report.write(c.group(), out.buffer());
    }

    @Override
    public void quit(ReplySink out, Command c) {
        // quit closes without a word
    }

    @Override
    public void error(ReplySink out, Command c, ErrorReply error) {
        line(out, c, error.line());
    }

    @Override
    public void serverError(ReplySink out, Command c, byte[] message) {
        if (!c.noreply()) {
            out.buffer().writeBytes(SERVER_ERROR).writeBytes(message).writeBytes(Responses.CRLF);
        }
    }

    private static void line(ReplySink out, Command c, byte[] line) {
        if (!c.noreply()) {
            out.buffer().writeBytes(line);
        }
    }
}
