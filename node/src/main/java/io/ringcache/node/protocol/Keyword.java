package io.ringcache.node.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Command words of the text protocol, resolved from the line's bytes without making a String. */
public enum Keyword {
    GET("get"),
    GETS("gets"),
    GAT("gat"),
    GATS("gats"),
    SET("set"),
    ADD("add"),
    REPLACE("replace"),
    APPEND("append"),
    PREPEND("prepend"),
    CAS("cas"),
    DELETE("delete"),
    INCR("incr"),
    DECR("decr"),
    TOUCH("touch"),
    FLUSH_ALL("flush_all"),
    VERSION("version"),
    VERBOSITY("verbosity"),
    STATS("stats"),
    QUIT("quit"),
    META_GET("mg"),
    META_SET("ms"),
    META_DELETE("md"),
    META_ARITHMETIC("ma"),
    META_NOOP("mn"),
    /** meta debug: an item's metadata in memcached's words. */
    META_DEBUG("me"),
    /** Cluster: the ring and its members' addresses, for smart clients. */
    TOPOLOGY("rc_topology"),
    /** Cluster, peers only: another owner's copy of an item, its delete, a read of this node's copy. */
    PEER_PUT("rc_put"),
    PEER_DELETE("rc_del"),
    PEER_GET("rc_get"),
    PEER_FLUSH("rc_flush"),
    PEER_WALKED("rc_walked"),
    PEER_EPOCH("rc_epoch"),
    /** Cluster, peers only: the ring epoch and deadline of the request that follows. */
    PEER_CONTEXT("rc_ctx");

    private static final int LONGEST = 11;
    /** Keywords grouped by length, so a lookup compares against at most a handful. */
    private static final Keyword[][] BY_LENGTH = new Keyword[LONGEST + 1][];

    static {
        for (int len = 0; len <= LONGEST; len++) {
            int n = 0;
            for (Keyword k : values()) {
                if (k.word.length == len) {
                    n++;
                }
            }
            BY_LENGTH[len] = new Keyword[n];
            n = 0;
            for (Keyword k : values()) {
                if (k.word.length == len) {
                    BY_LENGTH[len][n++] = k;
                }
            }
        }
    }

    private final byte[] word;

    Keyword(String word) {
        this.word = word.getBytes(StandardCharsets.US_ASCII);
    }

    /** The keyword spelled by {@code length} bytes at {@code offset}, or null (memcached is case-sensitive). */
    public static Keyword resolve(ByteBuf buf, int offset, int length) {
        if (length > LONGEST) {
            return null;
        }
        candidates:
        for (Keyword k : BY_LENGTH[length]) {
            for (int i = 0; i < length; i++) {
                if (buf.getByte(offset + i) != k.word[i]) {
                    continue candidates;
                }
            }
            return k;
        }
        return null;
    }
}
