package io.ringcache.node.store;

/** The result of a storage command, one constant per memcached answer. */
public enum StoreOutcome {
    STORED,
    NOT_STORED,
    /** cas: the item changed since the client read it. */
    EXISTS,
    /** cas: no such item. */
    NOT_FOUND,
    /** Eviction is disabled and the item does not fit in the memory budget. */
    OUT_OF_MEMORY
}
