package io.ringcache.node.store;

/**
 * What mg asks of an item besides reading it: reset its TTL (T), create it on a miss (N), win the
 * right to refresh it when its TTL runs low (R). memcached 1.6.18 applies these in the order the
 * client wrote them, and its t flag reports the TTL as it stands at t's own place among them:
 * {@code mg k t T30} shows the old TTL, {@code mg k T30 t} the new one, and R compares against the
 * TTL a T before it has set. {@code steps} holds the letters T, N, R and t in request order.
 */
public record MetaGetRequest(byte[] steps, long touchExptime, long vivifyExptime, long recacheBelow) {

    private static final byte[] NONE = {};
    /** A plain read: nothing but the item. */
    public static final MetaGetRequest READ = new MetaGetRequest(NONE, 0, 0, 0);

    /** Whether the item may change (T, N, R): the read then runs under the key's lock. */
    boolean changesItem() {
        for (byte step : steps) {
            if (step != 't') {
                return true;
            }
        }
        return false;
    }

    boolean vivifies() {
        return has('N');
    }

    private boolean has(char letter) {
        for (byte step : steps) {
            if (step == letter) {
                return true;
            }
        }
        return false;
    }
}
