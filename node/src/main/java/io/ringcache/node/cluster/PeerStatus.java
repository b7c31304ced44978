package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;

/**
 * What a peer's answer means to the node that sent the request, decoded once from the answer's
 * first bytes, so that no other code matches answer text.
 */
enum PeerStatus {
    /** {@code HD}: applied (a replica write, a transfer, a flush). */
    DONE,
    /** {@code EX <version>}: not applied; the peer already holds the key at that version or later. */
    HELD_NEWER,
    /** {@code VA ...}: the peer's copy of a key (rc_get). */
    COPY,
    /** {@code NF <version>}: the peer's tombstone of a key (rc_get); a plain {@code NF}: a meta miss. */
    TOMBSTONE,
    /** {@code EN}: the peer holds nothing for the key (rc_get), or a meta miss. */
    MISSING,
    JOINING,
    LEAVING,
    NOT_OWNER,
    STALE_RING,
    RING_BEHIND,
    EXPIRED,
    NO_QUORUM,
    PAUSED,
    UNSETTLED,
    /** Any other answer: for a forwarded client request, what the client gets. */
    ANSWER;

    private static final byte[] SERVER_ERROR = "SERVER_ERROR ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final PeerStatus[] REFUSALS = {JOINING, LEAVING, NOT_OWNER, STALE_RING, RING_BEHIND, EXPIRED,
        NO_QUORUM, PAUSED, UNSETTLED};

    static PeerStatus of(ByteBuf answer) {
        int at = answer.readerIndex();
        int n = answer.readableBytes();
        if (n >= 2) {
            int a = answer.getByte(at);
            int b = answer.getByte(at + 1);
            boolean word = n == 4 || (n > 2 && answer.getByte(at + 2) == ' ');
            if (a == 'H' && b == 'D' && word) {
                return DONE;
            }
            if (a == 'E' && b == 'X' && word) {
                return HELD_NEWER;
            }
            if (a == 'V' && b == 'A' && word) {
                return COPY;
            }
            if (a == 'N' && b == 'F' && word) {
                return TOMBSTONE;
            }
            if (a == 'E' && b == 'N' && word) {
                return MISSING;
            }
        }
        if (startsWith(answer, at, SERVER_ERROR)) {
            for (PeerStatus refusal : REFUSALS) {
                if (startsWithWord(answer, at + SERVER_ERROR.length, Refusal.valueOf(refusal.name()).word)) {
                    return refusal;
                }
            }
        }
        return ANSWER;
    }

    /**
     * Whether the peer said it applied nothing and the request may go to the key's next owner (or
     * to the same one once the rings agree).
     */
    boolean refused() {
        return ordinal() >= JOINING.ordinal() && ordinal() <= UNSETTLED.ordinal();
    }

    /** Whether the same peer may take the request in a moment: the two rings are converging. */
    boolean retryLater() {
        return this == STALE_RING || this == RING_BEHIND;
    }

    /** Whether a transfer or replica write landed: the peer now holds that version or a later one. */
    boolean taken() {
        return this == DONE || this == HELD_NEWER;
    }

    /** The number after the two-letter code ({@code EX <version>}, {@code NF <version>}); 0 when absent. */
    static long number(ByteBuf answer) {
        long value = 0;
        for (int i = answer.readerIndex() + 3; i < answer.writerIndex(); i++) {
            int d = answer.getByte(i) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static boolean startsWith(ByteBuf b, int at, byte[] prefix) {
        if (b.writerIndex() - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithWord(ByteBuf b, int at, String word) {
        if (b.writerIndex() - at < word.length() + 1) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b.getByte(at + i) != word.charAt(i)) {
                return false;
            }
        }
        int after = b.getByte(at + word.length());
        return after == ':' || after == ' ' || after == '\r';
    }
}
