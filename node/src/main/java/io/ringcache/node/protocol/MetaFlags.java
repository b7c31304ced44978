package io.ringcache.node.protocol;

/**
 * The flags of one meta command (mg, ms, md, ma), as the parser read them: which letters were
 * given, in what order (return flags answer in request order), and the values of the flags that
 * carry a token. Immutable once the parser hands it over with its command.
 */
public final class MetaFlags {

    /** memcached 1.6: an opaque token is at most 32 bytes. */
    static final int MAX_OPAQUE_LENGTH = 32;
    private static final byte[] NO_OPAQUE = new byte[0];

    private long present;
    private final byte[] order;
    private int count;
    private byte[] opaque = NO_OPAQUE;
    private byte mode;
    private long ttl;
    private long vivifyTtl;
    private long recacheBelow;
    private long compareCas;
    private long newCas;
    private long delta = 1;
    private long initial;
    private long clientFlags;

    MetaFlags(int capacity) {
        this.order = new byte[capacity];
    }

    /** Whether flag letter {@code flag} was given. */
    public boolean has(char flag) {
        return (present & bit(flag)) != 0;
    }

    /** Records {@code flag}; false if it was already there (a duplicate). */
    boolean add(byte flag) {
        long b = bit((char) flag);
        if ((present & b) != 0) {
            return false;
        }
        present |= b;
        order[count++] = flag;
        return true;
    }

    /** Flag letters in the order the client sent them. */
    public int count() {
        return count;
    }

    public byte flagAt(int index) {
        return order[index];
    }

    /**
     * The given letters among the flags, in the order the client sent them (memcached applies T, N
     * and R, and reports t, in that order). A new array; empty when none was given.
     */
    public byte[] inOrder(String letters) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (letters.indexOf(order[i]) >= 0) {
                n++;
            }
        }
        byte[] steps = new byte[n];
        n = 0;
        for (int i = 0; i < count; i++) {
            if (letters.indexOf(order[i]) >= 0) {
                steps[n++] = order[i];
            }
        }
        return steps;
    }

    /** Whether answers are quiet on success (q). */
    public boolean quiet() {
        return has('q');
    }

    /** Whether the key travels base64-encoded (b). */
    public boolean base64Key() {
        return has('b');
    }

    public byte[] opaque() {
        return opaque;
    }

    /** M: the mode letter, or 0 when none was given. */
    public byte mode() {
        return mode;
    }

    /** T: the exptime to set. */
    public long ttl() {
        return ttl;
    }

    /** N: the exptime of an item created on a miss. */
    public long vivifyTtl() {
        return vivifyTtl;
    }

    /** R: win the right to recache when the remaining TTL is below this. */
    public long recacheBelow() {
        return recacheBelow;
    }

    /** C: the CAS unique the item must have. */
    public long compareCas() {
        return compareCas;
    }

    /** E: the CAS unique to give the item instead of the next one from the node's counter. */
    public long newCas() {
        return newCas;
    }

    /** D: the arithmetic delta (default 1). */
    public long delta() {
        return delta;
    }

    /** J: the value of a counter created on a miss (default 0). */
    public long initial() {
        return initial;
    }

    /** F: client flags, an unsigned 32-bit number. */
    public int clientFlags() {
        return (int) clientFlags;
    }

    void opaque(byte[] value) {
        this.opaque = value;
    }

    void mode(byte value) {
        this.mode = value;
    }

    void ttl(long value) {
        this.ttl = value;
    }

    void vivifyTtl(long value) {
        this.vivifyTtl = value;
    }

    void recacheBelow(long value) {
        this.recacheBelow = value;
    }

    void compareCas(long value) {
        this.compareCas = value;
    }

    void newCas(long value) {
        this.newCas = value;
    }

    void delta(long value) {
        this.delta = value;
    }

    void initial(long value) {
        this.initial = value;
    }

    void clientFlags(long value) {
        this.clientFlags = value;
    }

    /** Flag letters are A-Z and a-z: 58 code points from 'A', so one long holds them all. */
    private static long bit(char flag) {
        int index = flag - 'A';
        return index >= 0 && index < 64 ? 1L << index : 0;
    }
}
