package io.ringcache.node.protocol;

/**
 * memcached's binary protocol: the request and response magic, the opcodes memcached 1.6 serves
 * (protocol_binary.h) and the response statuses with the words memcached sends with them.
 */
public final class BinaryOpcodes {

    public static final int REQUEST_MAGIC = 0x80;
    public static final int RESPONSE_MAGIC = 0x81;
    public static final int HEADER_BYTES = 24;

    public static final int GET = 0x00;
    public static final int SET = 0x01;
    public static final int ADD = 0x02;
    public static final int REPLACE = 0x03;
    public static final int DELETE = 0x04;
    public static final int INCREMENT = 0x05;
    public static final int DECREMENT = 0x06;
    public static final int QUIT = 0x07;
    public static final int FLUSH = 0x08;
    public static final int GETQ = 0x09;
    public static final int NOOP = 0x0a;
    public static final int VERSION = 0x0b;
    public static final int GETK = 0x0c;
    public static final int GETKQ = 0x0d;
    public static final int APPEND = 0x0e;
    public static final int PREPEND = 0x0f;
    public static final int STAT = 0x10;
    public static final int SETQ = 0x11;
    public static final int ADDQ = 0x12;
    public static final int REPLACEQ = 0x13;
    public static final int DELETEQ = 0x14;
    public static final int INCREMENTQ = 0x15;
    public static final int DECREMENTQ = 0x16;
    public static final int QUITQ = 0x17;
    public static final int FLUSHQ = 0x18;
    public static final int APPENDQ = 0x19;
    public static final int PREPENDQ = 0x1a;
    public static final int TOUCH = 0x1c;
    public static final int GAT = 0x1d;
    public static final int GATQ = 0x1e;
    public static final int SASL_LIST_MECHS = 0x20;
    public static final int SASL_AUTH = 0x21;
    public static final int SASL_STEP = 0x22;
    public static final int GATK = 0x23;
    public static final int GATKQ = 0x24;

    public static final int SUCCESS = 0x00;
    public static final int KEY_ENOENT = 0x01;
    public static final int KEY_EEXISTS = 0x02;
    public static final int E2BIG = 0x03;
    public static final int EINVAL = 0x04;
    public static final int NOT_STORED = 0x05;
    public static final int DELTA_BADVAL = 0x06;
    public static final int UNKNOWN_COMMAND = 0x81;
    public static final int ENOMEM = 0x82;

    private BinaryOpcodes() {
    }

    static boolean isQuiet(int opcode) {
        return switch (opcode) {
            case GETQ, GETKQ, SETQ, ADDQ, REPLACEQ, DELETEQ, INCREMENTQ, DECREMENTQ, QUITQ, FLUSHQ,
                 APPENDQ, PREPENDQ, GATQ, GATKQ -> true;
            default -> false;
        };
    }

    /** The text memcached sends as the body of an error status (write_bin_error). */
    public static String errorText(int status) {
        return switch (status) {
            case KEY_ENOENT -> "Not found";
            case KEY_EEXISTS -> "Data exists for key.";
            case E2BIG -> "Too large.";
            case EINVAL -> "Invalid arguments";
            case NOT_STORED -> "Not stored.";
            case DELTA_BADVAL -> "Non-numeric server-side value for incr or decr";
            case UNKNOWN_COMMAND -> "Unknown command";
            case ENOMEM -> "Out of memory";
            default -> throw new IllegalArgumentException("no error text for status " + status);
        };
    }
}
