package io.ringcache.node.store;

/**
 * What mg found: the item, and the recache protocol's answer flags. {@code won} (W) hands this
 * client the job of refreshing the item; {@code winHandedOut} (Z) says another client already has
 * it; {@code stale} (X) says the item was invalidated and is served only until refreshed.
 * {@code shownExpiry} is the expiry (unix seconds, 0 = never) the t flag reports: the item's
 * expiry as it stood at t's place among the request's T and N ({@link MetaGetRequest}).
 */
public record MetaLookup(byte[] item, boolean won, boolean winHandedOut, boolean stale, long shownExpiry) {

    static MetaLookup plain(byte[] item) {
        return new MetaLookup(item, false, false, false, Items.expiresAt(item));
    }
}
