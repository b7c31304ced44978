package io.ringcache.node.store;

/**
 * What mg found: the item, and the recache protocol's answer flags. {@code won} (W) hands this
 * client the job of refreshing the item; {@code winHandedOut} (Z) says another client already has
 * it; {@code stale} (X) says the item was invalidated and is served only until refreshed.
 */
public record MetaLookup(byte[] item, boolean won, boolean winHandedOut, boolean stale) {
}
