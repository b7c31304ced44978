package io.ringcache.node.store;

/**
 * What became of another owner's copy (or delete) of a key here: stored, or not stored because this
 * node already holds the key at {@code heldVersion} (the same or later: an item, a tombstone or the
 * flush floor), or refused for want of memory (-M).
 */
public record CopyOutcome(Status status, long heldVersion) {

    public enum Status { STORED, HELD_NEWER, OUT_OF_MEMORY }

    static final CopyOutcome STORED = new CopyOutcome(Status.STORED, 0);
    static final CopyOutcome OUT_OF_MEMORY = new CopyOutcome(Status.OUT_OF_MEMORY, 0);

    static CopyOutcome held(long version) {
        return new CopyOutcome(Status.HELD_NEWER, version);
    }

    /** Whether this node now holds the key at the copy's version or later. */
    public boolean taken() {
        return status != Status.OUT_OF_MEMORY;
    }
}
