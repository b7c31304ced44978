package io.ringcache.node.cluster;

/**
 * When a forwarded write may still take effect, agreed by both ends so that a forwarding node may
 * send a write to the key's next owner after losing track of it without the first owner carrying
 * it out afterwards.
 *
 * <p>Why: a set or delete whose answer was lost (the connection dropped, or no answer came) may
 * go to the next owner, as running it twice leaves the same item. But if the first owner runs its
 * copy later, after the client was answered and wrote the key again, that late copy gets the
 * newest version and undoes the later write everywhere (a set lost, a deleted value back). So:
 * <ul>
 *   <li>the owner stamps a forwarded write only up to {@link #lastStampMillis}: the sender's
 *       deadline less a margin of at least the pause threshold. A longer stop between that check
 *       and the stamp is a pause, which the stamp guard refuses
 *       ({@link io.ringcache.node.store.HybridClock#guard});</li>
 *   <li>the sender gives a forwarded write a deadline of that margin plus a second
 *       ({@link #sendWindowMillis}), shorter than the peer timeout, and passes a write that may
 *       have arrived to the next owner only once the deadline has passed
 *       ({@link #failoverDelayMillis}). A timeout comes after it anyway; a lost connection waits
 *       for it (or less: {@link ListenerGone}).</li>
 * </ul>
 * The margin also absorbs a skew between the two members' clocks smaller than itself.
 */
final class WriteDeadline {

    private WriteDeadline() {
    }

    /**
     * The last moment (unix ms) an owner may stamp a forwarded write whose sender stops waiting at
     * {@code senderDeadlineMillis}; {@link HeldRequest#NO_DEADLINE} stays so (a client's own request).
     */
    static long lastStampMillis(long senderDeadlineMillis, long marginMillis) {
        if (senderDeadlineMillis == HeldRequest.NO_DEADLINE) {
            return HeldRequest.NO_DEADLINE;
        }
        return senderDeadlineMillis - marginMillis;
    }

    /** How long a sender waits before the next owner gets a write the last one may have received (0: at once). */
    static long failoverDelayMillis(long sentDeadlineMillis, long nowMillis) {
        return Math.max(0, sentDeadlineMillis - nowMillis);
    }

    /** The owner's margin: the pause threshold and two ticks of the watch that notices a pause. */
    static long marginMillis(java.time.Duration pauseThreshold) {
        return pauseThreshold.toMillis() + 2 * PauseGuard.TICK_MILLIS;
    }

    /**
     * The deadline a forwarded write is sent with, from the moment it is sent: the owner's margin
     * plus {@link #STAMP_WINDOW_MILLIS} in which the owner may stamp it (members share the preset,
     * so the sender knows the margin). Shorter than the peer timeout, so that a sender whose
     * connection dropped waits at most this long: 2.2 s with the local preset, 4.2 s LAN, 6.2 s WAN.
     */
    static long sendWindowMillis(java.time.Duration pauseThreshold) {
        return marginMillis(pauseThreshold) + STAMP_WINDOW_MILLIS;
    }

    /**
     * How long after it was sent an owner may still stamp a forwarded write: well past a forwarded
     * write's usual wait on a busy machine (milliseconds), and past which the owner refuses it,
     * nothing applied, and its sender goes to the next owner at once.
     */
    static final long STAMP_WINDOW_MILLIS = 1000;
}
