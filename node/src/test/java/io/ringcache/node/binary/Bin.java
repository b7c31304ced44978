package io.ringcache.node.binary;

import static io.ringcache.node.binary.BinaryPacket.ascii;

import java.nio.ByteBuffer;

/**
 * Binary-protocol requests for tests, by memcached's opcode table (protocol_binary.h). The opaque is
 * filled in when the request is sent.
 */
public final class Bin {

    public static final int GET = 0x00, SET = 0x01, ADD = 0x02, REPLACE = 0x03, DELETE = 0x04, INCR = 0x05,
            DECR = 0x06, QUIT = 0x07, FLUSH = 0x08, GETQ = 0x09, NOOP = 0x0a, VERSION = 0x0b, GETK = 0x0c,
            GETKQ = 0x0d, APPEND = 0x0e, PREPEND = 0x0f, STAT = 0x10, SETQ = 0x11, ADDQ = 0x12, REPLACEQ = 0x13,
            DELETEQ = 0x14, INCRQ = 0x15, DECRQ = 0x16, QUITQ = 0x17, FLUSHQ = 0x18, APPENDQ = 0x19,
            PREPENDQ = 0x1a, VERBOSITY = 0x1b, TOUCH = 0x1c, GAT = 0x1d, GATQ = 0x1e, SASL_LIST_MECHS = 0x20,
            GATK = 0x23, GATKQ = 0x24;
    /** incr/decr expiration that means: do not create the counter on a miss. */
    public static final int NO_CREATE = 0xFFFFFFFF;

    private static final byte[] NONE = {};

    private Bin() {
    }

    /** A request: opcode, extras, key, value, CAS unique. */
    public record Request(int opcode, byte[] extras, byte[] key, byte[] value, long cas) {
        byte[] bytes(int opaque) {
            return BinaryPacket.request(opcode, extras, key, value, cas, opaque);
        }
    }

    public static Request get(int opcode, String key) {
        return new Request(opcode, NONE, ascii(key), NONE, 0);
    }

    public static Request gat(int opcode, String key, int exptime) {
        return new Request(opcode, ints(exptime), ascii(key), NONE, 0);
    }

    public static Request store(int opcode, String key, int flags, int exptime, String value, long cas) {
        return store(opcode, key, flags, exptime, ascii(value), cas);
    }

    public static Request store(int opcode, String key, int flags, int exptime, byte[] value, long cas) {
        return new Request(opcode, ints(flags, exptime), ascii(key), value, cas);
    }

    public static Request set(String key, String value) {
        return store(SET, key, 0, 0, value, 0);
    }

    public static Request concat(int opcode, String key, String value, long cas) {
        return new Request(opcode, NONE, ascii(key), ascii(value), cas);
    }

    public static Request delete(int opcode, String key, long cas) {
        return new Request(opcode, NONE, ascii(key), NONE, cas);
    }

    public static Request arithmetic(int opcode, String key, long delta, long initial, int expiration, long cas) {
        ByteBuffer extras = ByteBuffer.allocate(20).putLong(delta).putLong(initial).putInt(expiration);
        return new Request(opcode, extras.array(), ascii(key), NONE, cas);
    }

    public static Request flush(int opcode, Integer exptime) {
        return new Request(opcode, exptime == null ? NONE : ints(exptime), NONE, NONE, 0);
    }

    public static Request simple(int opcode) {
        return new Request(opcode, NONE, NONE, NONE, 0);
    }

    public static Request stat(String group) {
        return new Request(STAT, NONE, ascii(group), NONE, 0);
    }

    public static Request raw(int opcode, byte[] extras, byte[] key, byte[] value) {
        return new Request(opcode, extras, key, value, 0);
    }

    private static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }
}
