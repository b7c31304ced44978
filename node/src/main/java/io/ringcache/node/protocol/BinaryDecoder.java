package io.ringcache.node.protocol;

import static io.ringcache.node.protocol.BinaryOpcodes.*;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Delete;
import io.ringcache.node.protocol.Command.FlushAll;
import io.ringcache.node.protocol.Command.Invalid;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Stats;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.TooLarge;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.protocol.Command.Vivify;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.StoreMode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames memcached's binary protocol into the same typed commands as the text protocol, each in a
 * {@link BinaryRequest} that keeps the opcode and opaque its answer needs. A state machine over the
 * Netty buffer: it waits for the 24-byte header with its extras and key, checks the frame as
 * memcached 1.6.18 does, and copies a storage command's value straight into the item array.
 *
 * <pre>
 *   header (24 bytes)                    extras, key, value follow; bodylen counts all three
 *   0  magic 0x80   1 opcode   2 keylen (16)   4 extlen   5 datatype   6 vbucket (16)
 *   8  bodylen (32)            12 opaque (32)             16 cas (64)
 *
 *   HEADER ──get/delete/...──▶ emit, HEADER
 *     ├─set/add/replace/append/prepend──▶ VALUE (copy bodylen - extlen - keylen bytes) ──▶ emit, HEADER
 *     ├─unknown opcode, SASL, value too large──▶ error emitted, SWALLOW (rest of the body) ──▶ HEADER
 *     └─bad magic / bad frame / key over 250 bytes──▶ error (or nothing) emitted, CLOSED
 * </pre>
 *
 * memcached's rules: a wrong magic closes silently; keylen + extlen beyond bodylen answers
 * {@code Unknown command} and closes; a key over 250 bytes or extras of the wrong size for the
 * opcode answer {@code Invalid arguments} and close; an opcode memcached does not serve (verbosity,
 * SASL without authentication configured) answers {@code Unknown command} and skips its body. Where
 * memcached skips {@code bodylen} bytes after the extras and key it already read (swallowing part of
 * the next request), this decoder skips exactly the rest of the body.
 *
 * <p>One decoder per connection, used only on its event loop.
 */
public final class BinaryDecoder extends GatedRequestDecoder {

    private enum State { HEADER, VALUE, SWALLOW, CLOSED }

    /** 0xffffffff as an incr/decr's expiration: do not create the counter on a miss. */
    private static final long NO_VIVIFY = 0xFFFF_FFFFL;

    private final int maxItemSize;
    private State state = State.HEADER;
    /** SWALLOW: body bytes still to skip. */
    private long swallowRemaining;
    /** VALUE: the request waiting for its value, the array it goes into, and how much has arrived. */
    private BinaryRequest pending;
    private byte[] pendingItem;
    private int pendingFilled;
    /** The header being framed (fields, not an object: one request at a time, no allocation). */
    private int opcode;
    private int opaque;
    private long cas;
    private int extrasAt;
    private int extrasLength;
    private int keyLength;
    private long bodyLength;

    public BinaryDecoder(int maxItemSize) {
        this(maxItemSize, ReceivingValues.unlimited());
    }

    /** {@code receiving}: the node's account of values being received, shared by all its connections. */
    public BinaryDecoder(int maxItemSize, ReceivingValues receiving) {
        super(receiving);
        this.maxItemSize = maxItemSize;
    }

    @Override
    public boolean hasPartialCommand() {
        return state == State.VALUE || state == State.SWALLOW || (state == State.HEADER && internalBuffer().isReadable());
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
        switch (state) {
            case HEADER -> decodeHeader(in, out);
            case VALUE -> readValue(in, out);
            case SWALLOW -> swallow(in);
            case CLOSED -> in.skipBytes(in.readableBytes());
        }
    }

    private void decodeHeader(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < HEADER_BYTES) {
            return;
        }
        int r = in.readerIndex();
        if (in.getUnsignedByte(r) != REQUEST_MAGIC) {
            close(in, out, new BinaryRequest(Command.CLOSE, 0, 0));
            return;
        }
        opcode = in.getUnsignedByte(r + 1);
        keyLength = in.getUnsignedShort(r + 2);
        extrasLength = in.getUnsignedByte(r + 4);
        bodyLength = in.getUnsignedInt(r + 8);
        opaque = in.getInt(r + 12);
        cas = in.getLong(r + 16);
        extrasAt = r + HEADER_BYTES;
        if (in.readableBytes() < HEADER_BYTES + extrasLength + keyLength) {
            return; // memcached, too, waits for the extras and the key before it looks at the frame
        }
        if (keyLength + extrasLength > bodyLength) {
            close(in, out, error(ErrorReply.ERROR, opcode, opaque));
            return;
        }
        if (keyLength > NodeSettings.MAX_KEY_LENGTH) {
            close(in, out, error(ErrorReply.BAD_COMMAND_LINE, opcode, opaque));
            return;
        }
        if (!validFrame()) {
            close(in, out, error(ErrorReply.BAD_COMMAND_LINE, opcode, opaque));
            return;
        }
        in.readerIndex(r + HEADER_BYTES + extrasLength + keyLength);
        long rest = bodyLength - extrasLength - keyLength;
        switch (opcode) {
            case SET, SETQ, ADD, ADDQ, REPLACE, REPLACEQ, APPEND, APPENDQ, PREPEND, PREPENDQ -> storage(in, rest, out);
            default -> {
                Command command = command(in);
                emit(new BinaryRequest(command, opcode, opaque), out);
                if (command == Command.QUIT) {
                    state = State.CLOSED;
                    in.skipBytes(in.readableBytes());
                } else if (rest > 0) {
                    // an unknown opcode's body, or bytes beyond what stat and touch read
                    swallowRemaining = rest;
                    state = State.SWALLOW;
                    swallow(in);
                }
            }
        }
    }

    /** The typed command of a request without a value; the extras and key are still in {@code in}. */
    private Command command(ByteBuf in) {
        int x = extrasAt;
        boolean quiet = BinaryOpcodes.isQuiet(opcode);
        return switch (opcode) {
            case GET, GETQ, GETK, GETKQ -> new Retrieve(true, false, 0, new ItemKey[] {key(in)});
            case GAT, GATQ, GATK, GATKQ -> new Retrieve(true, true, in.getUnsignedInt(x), new ItemKey[] {key(in)});
            case TOUCH -> new Touch(key(in), in.getUnsignedInt(x), false);
            case DELETE, DELETEQ -> new Delete(key(in), cas, quiet);
            case INCREMENT, INCREMENTQ, DECREMENT, DECREMENTQ -> {
                long expiration = in.getUnsignedInt(x + 16);
                Vivify vivify = expiration == NO_VIVIFY ? null : new Vivify(in.getLong(x + 8), expiration);
                boolean increment = opcode == INCREMENT || opcode == INCREMENTQ;
                yield new Arithmetic(increment, key(in), in.getLong(x), cas, vivify, quiet);
            }
            case FLUSH, FLUSHQ -> new FlushAll(extrasLength == 4 ? in.getUnsignedInt(x) : 0, quiet);
            case NOOP -> Command.META_NOOP;
            case VERSION -> Command.VERSION;
            case QUIT, QUITQ -> Command.QUIT;
            case STAT -> new Stats(in.toString(extrasAt + extrasLength, keyLength, StandardCharsets.ISO_8859_1));
            // verbosity (memcached 1.6.18 does not serve it in binary), SASL (no authentication
            // configured), anything else: memcached's answer to an opcode it does not know
            default -> new Invalid(ErrorReply.ERROR, false, false);
        };
    }

    /** set/add/replace/append/prepend: the value is copied into the item array as it arrives. */
    private void storage(ByteBuf in, long valueLength, List<Object> out) {
        boolean appends = opcode == APPEND || opcode == APPENDQ || opcode == PREPEND || opcode == PREPENDQ;
        int flags = appends ? 0 : in.getInt(extrasAt);
        long exptime = appends ? 0 : in.getUnsignedInt(extrasAt + 4);
        ItemKey key = key(in);
        boolean quiet = BinaryOpcodes.isQuiet(opcode);
        if (ItemStore.memcachedItemSize(key.length(), flags, valueLength) > maxItemSize) {
            emit(new BinaryRequest(new TooLarge(key, quiet), opcode, opaque), out);
            swallowRemaining = valueLength;
            state = State.SWALLOW;
            swallow(in);
            return;
        }
        StoreMode mode = switch (opcode) {
            case APPEND, APPENDQ -> StoreMode.APPEND;
            case PREPEND, PREPENDQ -> StoreMode.PREPEND;
            // memcached: a set, add or replace that carries a CAS unique is a compare-and-swap
            default -> cas != 0 ? StoreMode.CAS : switch (opcode) {
                case ADD, ADDQ -> StoreMode.ADD;
                case REPLACE, REPLACEQ -> StoreMode.REPLACE;
                default -> StoreMode.SET;
            };
        };
        byte[] item = Items.allocate(key, (int) valueLength);
        if (!receiving.reserve(item.length)) {
            // no room to receive it: refused as memcached refuses a value it has no memory for
            emit(new BinaryRequest(new Invalid(ErrorReply.OUT_OF_MEMORY, false, false), opcode, opaque), out); // errors answer even when quiet
            swallowRemaining = valueLength;
            state = State.SWALLOW;
            swallow(in);
            return;
        }
        reserved = item.length;
        pending = new BinaryRequest(new Store(mode, key, flags, exptime, cas, item, quiet), opcode, opaque);
        pendingItem = item;
        pendingFilled = Items.valueOffset(item);
        state = State.VALUE;
        readValue(in, out);
    }

    private void readValue(ByteBuf in, List<Object> out) {
        int missing = pendingItem.length - pendingFilled;
        int n = Math.min(missing, in.readableBytes());
        in.readBytes(pendingItem, pendingFilled, n);
        pendingFilled += n;
        if (n < missing) {
            return;
        }
        BinaryRequest request = pending;
        pending = null;
        pendingItem = null;
        giveBackReserved(); // the item is the store's to count from here
        state = State.HEADER;
        emit(request, out);
    }

    private void swallow(ByteBuf in) {
        int n = (int) Math.min(swallowRemaining, in.readableBytes());
        in.skipBytes(n);
        swallowRemaining -= n;
        if (swallowRemaining == 0) {
            state = State.HEADER;
        }
    }

    private static BinaryRequest error(ErrorReply reply, int opcode, int opaque) {
        return new BinaryRequest(new Invalid(reply, false, true), opcode, opaque);
    }

    private void close(ByteBuf in, List<Object> out, BinaryRequest last) {
        in.skipBytes(in.readableBytes());
        state = State.CLOSED;
        emit(last, out);
    }

    private void emit(BinaryRequest request, List<Object> out) {
        out.add(request);
        decodedCount++;
    }

    /**
     * The key of the request being framed; the extras and key are still in {@code in}. The key
     * bytes are read before the reader index moves past them.
     */
    private ItemKey key(ByteBuf in) {
        byte[] bytes = new byte[keyLength];
        in.getBytes(extrasAt + extrasLength, bytes);
        return ItemKey.wrap(bytes);
    }

    /** dispatch_bin_command's checks of the frame being framed; false is a protocol error (Invalid arguments, then close). */
    private boolean validFrame() {
        boolean hasKey = keyLength > 0;
        return switch (opcode) {
            case VERSION, NOOP, QUIT, QUITQ, SASL_LIST_MECHS -> extrasLength == 0 && keyLength == 0 && bodyLength == 0;
            case FLUSH, FLUSHQ -> keyLength == 0 && bodyLength == extrasLength && (extrasLength == 0 || extrasLength == 4);
            case SET, SETQ, ADD, ADDQ, REPLACE, REPLACEQ -> extrasLength == 8 && hasKey && bodyLength >= keyLength + 8L;
            case GET, GETQ, GETK, GETKQ, DELETE, DELETEQ -> extrasLength == 0 && hasKey && bodyLength == keyLength;
            case INCREMENT, INCREMENTQ, DECREMENT, DECREMENTQ -> extrasLength == 20 && hasKey && bodyLength == keyLength + 20L;
            case APPEND, APPENDQ, PREPEND, PREPENDQ -> extrasLength == 0 && hasKey;
            case STAT -> extrasLength == 0;
            case SASL_AUTH, SASL_STEP -> extrasLength == 0 && hasKey;
            case TOUCH, GAT, GATQ, GATK, GATKQ -> extrasLength == 4 && hasKey;
            default -> true;
        };
    }
}
