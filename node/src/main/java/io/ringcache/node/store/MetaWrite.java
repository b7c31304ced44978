package io.ringcache.node.store;

/** The outcome of a meta write and, when it changed an item, that item (for the c, t and v flags). */
public record MetaWrite(MetaStatus status, byte[] item) {

    static final MetaWrite NOT_STORED = new MetaWrite(MetaStatus.NOT_STORED, null);
    static final MetaWrite EXISTS = new MetaWrite(MetaStatus.EXISTS, null);
    static final MetaWrite NOT_FOUND = new MetaWrite(MetaStatus.NOT_FOUND, null);
    static final MetaWrite NON_NUMERIC = new MetaWrite(MetaStatus.NON_NUMERIC, null);
    static final MetaWrite OUT_OF_MEMORY = new MetaWrite(MetaStatus.OUT_OF_MEMORY, null);

    static MetaWrite done(byte[] item) {
        return new MetaWrite(MetaStatus.DONE, item);
    }
}
