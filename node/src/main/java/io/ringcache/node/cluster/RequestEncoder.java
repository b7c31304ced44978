package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.client.ResponseShape;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Delete;
import io.ringcache.node.protocol.Command.MetaArithmetic;
import io.ringcache.node.protocol.Command.MetaDelete;
import io.ringcache.node.protocol.Command.MetaGet;
import io.ringcache.node.protocol.Command.MetaSet;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.protocol.MetaFlags;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.Items;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Writes a decoded request back as text for the node that owns its key. Always asks for the
 * answer (no {@code noreply}, no meta {@code q}): the forwarding node needs it to know the request
 * was carried out, and drops it itself when its client asked for silence.
 */
final class RequestEncoder {

    /** Each store mode's command word, by ordinal (encoded once, not per request). */
    private static final byte[][] STORE_VERBS = java.util.Arrays.stream(io.ringcache.node.store.StoreMode.values())
            .map(m -> m.name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    private static final byte[][] RETRIEVE_VERBS = {ascii("get"), ascii("gets"), ascii("gat"), ascii("gats")};

    private RequestEncoder() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The shape of the answer to {@code command}, or null when it is not forwarded. */
    static ResponseShape shapeOf(Command command) {
        if (command instanceof Store || command instanceof Delete || command instanceof Arithmetic
                || command instanceof Touch) {
            return ResponseShape.LINE;
        }
        if (command instanceof Retrieve) {
            return ResponseShape.VALUES;
        }
        if (command instanceof MetaGet || command instanceof MetaSet || command instanceof MetaDelete
                || command instanceof MetaArithmetic) {
            return ResponseShape.META;
        }
        return null;
    }

    static ByteBuf encode(Command command, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(sizeHint(command));
        try {
            encode(command, out);
        } catch (IllegalArgumentException notForwarded) {
            out.release();
            throw notForwarded;
        }
        return out;
    }

    /** About the bytes {@link #encode} writes for {@code command}: the line, and the value of a store. */
    static int sizeHint(Command command) {
        byte[] item = command instanceof Store c ? c.item() : command instanceof MetaSet c ? c.item() : null;
        return item == null ? 64 : 96 + item.length;
    }

    /** Appends {@code command} as text to {@code out}. */
    static void encode(Command command, ByteBuf out) {
        if (command instanceof Store c) {
            out.writeBytes(STORE_VERBS[c.mode().ordinal()]);
            key(out, c.key());
            number(out, Integer.toUnsignedLong(c.flags()));
            out.writeByte(' ');
            out.writeCharSequence(Long.toString(c.exptime()), StandardCharsets.US_ASCII);
            number(out, Items.valueLength(c.item()));
            if (c.mode() == io.ringcache.node.store.StoreMode.CAS) {
                number(out, c.casUnique());
            }
            out.writeBytes(Responses.CRLF);
            value(out, c.item());
        } else if (command instanceof Retrieve c) {
            retrieveVerb(out, c);
            for (ItemKey k : c.keys()) {
                key(out, k);
            }
            out.writeBytes(Responses.CRLF);
        } else if (command instanceof Delete c) {
            ascii(out, "delete");
            key(out, c.key());
            out.writeBytes(Responses.CRLF);
        } else if (command instanceof Arithmetic c) {
            ascii(out, c.increment() ? "incr" : "decr");
            key(out, c.key());
            number(out, c.delta());
            out.writeBytes(Responses.CRLF);
        } else if (command instanceof Touch c) {
            ascii(out, "touch");
            key(out, c.key());
            out.writeByte(' ');
            out.writeCharSequence(Long.toString(c.exptime()), StandardCharsets.US_ASCII);
            out.writeBytes(Responses.CRLF);
        } else if (command instanceof MetaGet c) {
            meta(out, "mg", c.key(), -1, c.flags());
        } else if (command instanceof MetaSet c) {
            meta(out, "ms", c.key(), Items.valueLength(c.item()), c.flags());
            value(out, c.item());
        } else if (command instanceof MetaDelete c) {
            meta(out, "md", c.key(), -1, c.flags());
        } else if (command instanceof MetaArithmetic c) {
            meta(out, "ma", c.key(), -1, c.flags());
        } else {
            throw new IllegalArgumentException("not a forwarded command: " + command);
        }
    }

    /** get/gets/gat/gats for a subset of a multi-key request's keys. */
    static ByteBuf retrieve(Retrieve c, List<ItemKey> keys, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(16 + keys.size() * 32);
        retrieve(out, c, keys);
        return out;
    }

    private static void retrieve(ByteBuf out, Retrieve c, List<ItemKey> keys) {
        retrieveVerb(out, c);
        for (ItemKey k : keys) {
            key(out, k);
        }
        out.writeBytes(Responses.CRLF);
    }

    /** get, gets, gat or gats, with gat's expiry. */
    private static void retrieveVerb(ByteBuf out, Retrieve c) {
        out.writeBytes(RETRIEVE_VERBS[(c.touch() ? 2 : 0) + (c.withCas() ? 1 : 0)]);
        if (c.touch()) {
            out.writeByte(' ');
            out.writeCharSequence(Long.toString(c.exptime()), StandardCharsets.US_ASCII);
        }
    }

    private static void meta(ByteBuf out, String verb, ItemKey key, int dataLength, MetaFlags f) {
        ascii(out, verb);
        out.writeByte(' ');
        if (f.base64Key()) {
            out.writeBytes(Base64.getEncoder().encode(key.bytes()));
        } else {
            out.writeBytes(key.bytes());
        }
        if (dataLength >= 0) {
            number(out, dataLength);
        }
        for (int i = 0; i < f.count(); i++) {
            byte flag = f.flagAt(i);
            if (flag == 'q') {
                continue;
            }
            out.writeByte(' ');
            out.writeByte(flag);
            switch (flag) {
                case 'O' -> out.writeBytes(f.opaque());
                case 'T' -> signed(out, f.ttl());
                case 'N' -> signed(out, f.vivifyTtl());
                case 'R' -> signed(out, f.recacheBelow());
                case 'C' -> Responses.writeUnsigned(out, f.compareCas());
                case 'E' -> Responses.writeUnsigned(out, f.newCas());
                case 'D' -> Responses.writeUnsigned(out, f.delta());
                case 'J' -> Responses.writeUnsigned(out, f.initial());
                case 'F' -> Responses.writeUnsigned(out, Integer.toUnsignedLong(f.clientFlags()));
                case 'M' -> out.writeByte(f.mode());
                default -> { }
            }
        }
        out.writeBytes(Responses.CRLF);
    }

    private static void value(ByteBuf out, byte[] item) {
        out.writeBytes(item, Items.valueOffset(item), Items.valueLength(item));
        out.writeBytes(Responses.CRLF);
    }

    private static void ascii(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.US_ASCII);
    }

    private static void key(ByteBuf out, ItemKey key) {
        out.writeByte(' ');
        out.writeBytes(key.bytes());
    }

    private static void number(ByteBuf out, long value) {
        out.writeByte(' ');
        Responses.writeUnsigned(out, value);
    }

    private static void signed(ByteBuf out, long value) {
        out.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
    }
}
