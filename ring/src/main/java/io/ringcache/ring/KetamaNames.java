package io.ringcache.ring;

/**
 * The server names memcached clients hash into their ketama rings (docs/ketama.md). A ring in
 * a ketama mode hashes each member's node id, so members must be named this way for a plain client
 * and the ring to agree on every key's primary.
 */
public final class KetamaNames {

    private static final int MEMCACHED_DEFAULT_PORT = 11211;

    private KetamaNames() {
    }

    /** libmemcached, twemproxy (no explicit name) and spymemcached LIBMEMCACHED: host alone on port 11211. */
    public static String libmemcached(String host, int port) {
        return port == MEMCACHED_DEFAULT_PORT ? host : host + ":" + port;
    }

    /**
     * spymemcached's default format for an address given as an IP literal that was never
     * reverse-resolved: {@code ip:port}. (A resolved host name would give {@code name/ip:port}.)
     */
    public static String spymemcached(String ipLiteral, int port) {
        return ipLiteral + ":" + port;
    }
}
