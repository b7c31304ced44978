package io.ringcache.node;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A unix domain socket the node listens on (memcached's {@code -s <path>} and {@code -a <mask>}).
 *
 * @param path where the socket file is created; a stale socket file there is replaced, anything else
 *     there is an error (memcached's rule)
 * @param accessMask the socket file's permission bits, memcached's default {@code 0700}: only the
 *     node's user may connect
 * @param tcpToo whether TCP is served as well. memcached serves only the socket once {@code -s} is
 *     given, and so does a node alone; a cluster member keeps TCP for its peers and smart clients.
 */
public record UnixSocket(Path path, int accessMask, boolean tcpToo) {

    /** memcached's default {@code -a}. */
    public static final int DEFAULT_ACCESS_MASK = 0700;

    public UnixSocket {
        Objects.requireNonNull(path, "path");
        if (accessMask < 0 || accessMask > 0777) {
            throw new IllegalArgumentException("access mask must be octal 0 to 777, was " + Integer.toOctalString(accessMask));
        }
    }
}
