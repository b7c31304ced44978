package io.ringcache.node.store;

/** The outcome of a meta write, one constant per meta answer code. */
public enum MetaStatus {
    /** HD (or VA for ma with v). */
    DONE,
    NOT_STORED,
    EXISTS,
    NOT_FOUND,
    NON_NUMERIC,
    OUT_OF_MEMORY
}
