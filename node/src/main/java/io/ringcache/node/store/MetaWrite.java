package io.ringcache.node.store;

/**
 * The outcome of a meta write and, when it changed an item, that item (for the c, t and v flags).
 * {@code shownExpiry} is the expiry ma's t flag reports (see {@link ArithmeticRequest});
 * {@code created} says ma made the counter on a miss (N), which memcached answers even under q.
 */
public record MetaWrite(MetaStatus status, byte[] item, long shownExpiry, boolean created) {

    static final MetaWrite NOT_STORED = new MetaWrite(MetaStatus.NOT_STORED, null, 0, false);
    static final MetaWrite EXISTS = new MetaWrite(MetaStatus.EXISTS, null, 0, false);
    static final MetaWrite NOT_FOUND = new MetaWrite(MetaStatus.NOT_FOUND, null, 0, false);
    static final MetaWrite NON_NUMERIC = new MetaWrite(MetaStatus.NON_NUMERIC, null, 0, false);
    static final MetaWrite OUT_OF_MEMORY = new MetaWrite(MetaStatus.OUT_OF_MEMORY, null, 0, false);

    static MetaWrite done(byte[] item) {
        return new MetaWrite(MetaStatus.DONE, item, Items.expiresAt(item), false);
    }
}
