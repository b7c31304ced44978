package io.ringcache.node.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.ringcache.node.protocol.Command.Invalid;
import io.ringcache.node.store.Items;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.BooleanSupplier;

/**
 * Frames the memcached text protocol: finds each command line, hands it to a parser, copies a
 * following data block straight into the item array, and recovers from bad input as
 * {@code docs/bad-input.md} says. A hand-written state machine in the manner of Netty's
 * {@code RedisDecoder}: it remembers how far it has searched for the line end, parses numbers from
 * the bytes, and makes no String on the hot path.
 *
 * <pre>
 *   LINE ──line──▶ parser ──storage cmd──▶ DATA (copy value) ──CRLF──▶ emit, LINE
 *     │                     ├─rejected with data──▶ SWALLOW (skip bytes+2) ──▶ LINE
 *     │                                         DATA ──not CRLF──▶ bad data chunk, DISCARD_LINE ──\n──▶ LINE
 *     └─line too long / binary / quit──▶ CLOSED (ignore everything)
 * </pre>
 *
 * <p>A gate ({@link #gate(BooleanSupplier)}) can hold decoding back between commands: what has
 * arrived stays buffered until the gate opens and the next read (an empty one will do) continues.
 * When the connection closes, what is still buffered is dropped, never decoded: nobody would read
 * the answers.
 *
 * <p>One decoder per connection, used only on its event loop.
 */
public final class CommandDecoder extends GatedRequestDecoder {

    private enum State { LINE, DATA, SWALLOW, DISCARD_LINE, CLOSED }

    private static final byte[][] RETRIEVAL_PREFIXES = {
        ascii("get "), ascii("gets "), ascii("gat "), ascii("gats "),
    };
    private static final byte[] HTTP = ascii("HTTP/");
    /** memcached looks at no more than this many tokens of a line. */
    private static final int MEMCACHED_TOKENS = 23;
    /** First letters of memcached's command families that answer ERROR for an unknown word. */
    private static final String ERROR_FIRST = "gsacidt";
    /** memcached commands outside those families that ringcache does not serve: ERROR, never closed. */
    private static final byte[][] MEMCACHED_ONLY = {ascii("bget"), ascii("lru_crawler"), ascii("lru"), ascii("watch")};
    private static final byte BINARY_REQUEST_MAGIC = (byte) 0x80;

    private final int maxLineLength;
    private final int maxGetLineLength;
    private final LineTokens tokens = new LineTokens();
    private final ParsedLine parsed = new ParsedLine();
    private final ClassicCommandParser classic;
    private final MetaCommandParser meta;
    private final PeerCommandParser peer;
    /** The rc_ctx line read just before the next request, folded into it when it is emitted; or null. */
    private Command.PeerContext context;

    private final Supplier<BinaryDecoder> binary;
    /** Whether the connection's first byte has been looked at (and the protocol chosen). */
    private boolean negotiated;
    private State state = State.LINE;
    /** Bytes after the reader index already searched for a line end. */
    private int scanned;
    /** SWALLOW: bytes still to skip. */
    private long swallowRemaining;
    /** DATA: the command waiting for its value, the array it goes into, and how much has arrived. */
    private Command pending;
    private byte[] pendingItem;
    private int pendingFilled;

    public CommandDecoder(int maxLineLength, int maxGetLineLength, int maxItemSize) {
        this(maxLineLength, maxGetLineLength, maxItemSize, ReceivingValues.unlimited(), null);
    }

    /**
     * {@code binary}: makes the decoder that takes over when the connection's first byte is the binary
     * protocol's magic; null to refuse binary (then that byte is answered {@code ERROR} and closed).
     */
    public CommandDecoder(int maxLineLength, int maxGetLineLength, int maxItemSize, Supplier<BinaryDecoder> binary) {
        this(maxLineLength, maxGetLineLength, maxItemSize, ReceivingValues.unlimited(), binary);
    }

    /**
     * {@code receiving}: the node's account of values being received, shared by all its connections
     * (the binary decoder {@code binary} makes should share it too).
     */
    public CommandDecoder(int maxLineLength, int maxGetLineLength, int maxItemSize, ReceivingValues receiving,
            Supplier<BinaryDecoder> binary) {
        super(receiving);
        this.binary = binary;
        this.maxLineLength = maxLineLength;
        this.maxGetLineLength = maxGetLineLength;
        this.classic = new ClassicCommandParser(tokens, parsed, maxItemSize);
        this.meta = new MetaCommandParser(tokens, parsed, maxItemSize);
        this.peer = new PeerCommandParser(tokens, parsed, maxItemSize);
    }

    @Override
    public boolean hasPartialCommand() {
        return state == State.DATA || state == State.SWALLOW || state == State.DISCARD_LINE
                || (state == State.LINE && internalBuffer().isReadable());
    }

    @Override
    protected void closed() {
        state = State.CLOSED; // drop what is buffered instead of running it for a closed connection
        pendingItem = null;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state != State.CLOSED && !mayDecode()) {
            return;
        }
        if (!negotiated) {
            negotiated = true;
            if (binary != null && in.getByte(in.readerIndex()) == BINARY_REQUEST_MAGIC) {
                // memcached's rule: the connection's first byte chooses its protocol for good
                BinaryDecoder decoder = binary.get();
                handGateTo(decoder);
                ctx.fireUserEventTriggered(new RequestDecoder.Switched(decoder));
                ctx.pipeline().replace(this, ctx.name(), decoder); // the bytes read so far go to it
                return;
            }
        }
        switch (state) {
            case LINE -> decodeLine(in, out);
            case DATA -> readData(in, out);
            case SWALLOW -> swallow(in);
            case DISCARD_LINE -> discardLine(in);
            case CLOSED -> in.skipBytes(in.readableBytes());
        }
    }

    private void decodeLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        if (in.getByte(start) == BINARY_REQUEST_MAGIC) {
            close(in, out, new Invalid(ErrorReply.ERROR, false, true));
            return;
        }
        int eol = in.indexOf(start + scanned, in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            scanned = in.readableBytes();
            // a trailing CR may be the start of the line end: it does not count against the limit
            boolean pendingCr = in.getByte(in.writerIndex() - 1) == '\r';
            checkLineLength(in, start, pendingCr ? scanned - 1 : scanned, out);
            return;
        }
        scanned = 0;
        int end = eol > start && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
        if (checkLineLength(in, start, end - start, out)) {
            return;
        }
        tokens.split(in, start, end);
        ParsedLine line = parse();
        in.readerIndex(eol + 1);
        if (line.dataTarget != null) {
            if (!receiving.reserve(line.dataTarget.length)) {
                // no room to receive it: refused as memcached refuses a value it has no memory for
                emit(new Invalid(ErrorReply.OUT_OF_MEMORY, line.command.noreply(), false), out);
                swallowRemaining = Items.valueLength(line.dataTarget) + 2L;
                state = State.SWALLOW;
                return;
            }
            reserved = line.dataTarget.length;
            // Emitted once its data block has arrived whole.
            pending = line.command;
            pendingItem = line.dataTarget;
            pendingFilled = Items.valueOffset(pendingItem);
            state = State.DATA;
            return;
        }
        emit(line.command, out);
        if (line.command instanceof Command.Quit || line.command instanceof Command.Close
                || (line.command instanceof Invalid invalid && invalid.close())) {
            state = State.CLOSED;
        } else if (line.swallow > 0) {
            swallowRemaining = line.swallow;
            state = State.SWALLOW;
        }
    }

    private ParsedLine parse() {
        if (tokens.count() == 0) {
            return parsed.set(new Invalid(ErrorReply.ERROR, false, false));
        }
        Keyword keyword = Keyword.resolve(tokens.buffer(), tokens.start(0), tokens.length(0));
        if (keyword == null) {
            // An HTTP request line: nothing here speaks our protocol, so stop talking (memcached closes too).
            return parsed.set(looksLikeHttp() ? Command.CLOSE : new Invalid(ErrorReply.ERROR, false, false));
        }
        return switch (keyword) {
            case META_GET, META_SET, META_DELETE, META_ARITHMETIC, META_NOOP, META_DEBUG -> meta.parse(keyword);
            case PEER_PUT, PEER_DELETE, PEER_GET, PEER_FLUSH, PEER_WALKED, PEER_EPOCH, PEER_CONTEXT -> peer.parse(keyword);
            default -> classic.parse(keyword);
        };
    }

    /**
     * memcached 1.6.18's rule for an unknown command: it closes the connection when the line's last
     * token (of the first {@link #MEMCACHED_TOKENS}) starts with {@code HTTP/}, unless the command word
     * is shorter than two bytes or starts a family memcached answers {@code ERROR} for first (a
     * two-letter word starting with m, or one starting with g, s, a, c, i, d or t), or is one of its
     * own commands that ringcache does not serve.
     */
    private boolean looksLikeHttp() {
        int wordLength = tokens.length(0);
        byte first = tokens.byteAt(0, 0);
        if (wordLength < 2 || (first == 'm' && wordLength == 2) || ERROR_FIRST.indexOf(first) >= 0) {
            return false;
        }
        for (byte[] word : MEMCACHED_ONLY) {
            if (tokens.is(0, word)) {
                return false;
            }
        }
        return tokens.startsWith(Math.min(tokens.count(), MEMCACHED_TOKENS) - 1, HTTP);
    }

    /**
     * Enforces the line limits. A retrieval line may be longer (many keys) but is bounded too, and
     * answered before closing; any other over-long line closes silently, as memcached does.
     */
    private boolean checkLineLength(ByteBuf in, int start, int length, List<Object> out) {
        boolean retrieval = isRetrieval(in, start, length);
        if (length <= (retrieval ? maxGetLineLength : maxLineLength)) {
            return false;
        }
        close(in, out, retrieval ? new Invalid(ErrorReply.LINE_TOO_LONG, false, true) : Command.CLOSE);
        return true;
    }

    private static boolean isRetrieval(ByteBuf in, int start, int available) {
        prefixes:
        for (byte[] prefix : RETRIEVAL_PREFIXES) {
            if (available < prefix.length) {
                continue;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (in.getByte(start + i) != prefix[i]) {
                    continue prefixes;
                }
            }
            return true;
        }
        return false;
    }

    private void readData(ByteBuf in, List<Object> out) {
        int missing = pendingItem.length - pendingFilled;
        if (missing > 0) {
            int n = Math.min(missing, in.readableBytes());
            in.readBytes(pendingItem, pendingFilled, n);
            pendingFilled += n;
            if (n < missing) {
                return;
            }
        }
        if (in.readableBytes() < 2) {
            return;
        }
        int r = in.readerIndex();
        Command command = pending;
        pending = null;
        pendingItem = null;
        giveBackReserved(); // the item is the store's to count from here
        if (in.getByte(r) == '\r' && in.getByte(r + 1) == '\n') {
            in.skipBytes(2);
            state = State.LINE;
            emit(command, out);
        } else {
            // The value was longer than declared: drop it, keep the old value, resynchronise at the next line end.
            emit(new Invalid(ErrorReply.BAD_DATA_CHUNK, command.noreply(), false), out);
            state = State.DISCARD_LINE;
            discardLine(in);
        }
    }

    private void swallow(ByteBuf in) {
        int n = (int) Math.min(swallowRemaining, in.readableBytes());
        in.skipBytes(n);
        swallowRemaining -= n;
        if (swallowRemaining == 0) {
            state = State.LINE;
        }
    }

    private void discardLine(ByteBuf in) {
        int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            in.skipBytes(in.readableBytes());
        } else {
            in.readerIndex(eol + 1);
            state = State.LINE;
        }
    }

    private void close(ByteBuf in, List<Object> out, Command command) {
        in.skipBytes(in.readableBytes());
        scanned = 0;
        state = State.CLOSED;
        emit(command, out);
    }

    private void emit(Command command, List<Object> out) {
        if (command instanceof Command.PeerContext c) {
            context = c; // no answer of its own: it travels with the next request
            return;
        }
        if (context != null) {
            command = new Command.InContext(context.epoch(), context.deadlineMillis(), context.flushFloor(), command);
            context = null;
        }
        out.add(command);
        decodedCount++;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
