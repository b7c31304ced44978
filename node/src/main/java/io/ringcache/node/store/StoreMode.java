package io.ringcache.node.store;

/** How a storage command combines the new value with what is already stored under the key. */
public enum StoreMode {
    SET,
    ADD,
    REPLACE,
    APPEND,
    PREPEND,
    CAS
}
