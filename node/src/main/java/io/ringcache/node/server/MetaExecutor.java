package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;
import io.ringcache.node.store.ItemStore;

/** Runs meta commands (mg, ms, md, ma, mn). */
final class MetaExecutor {
    private final ItemStore store;
    private final NodeStats stats;

    MetaExecutor(ItemStore store, NodeStats stats) {
        this.store = store;
        this.stats = stats;
    }

    /** Returns false when {@code command} is not a meta command. */
    boolean execute(Command command, ReplySink replies) {
        return false;
    }
}
