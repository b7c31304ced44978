package io.ringcache.node.cluster;

/**
 * A request a coordinator held back ({@link KeyGate}: it waited for its keys' other holders, or for
 * an earlier request on the same key) and what it was admitted under: the ring, the pauses this
 * node had noticed, and the sender's deadline. Before it runs, {@link #lapsed} says whether that
 * still holds.
 *
 * <p>Why: a request is checked (pause, ring, deadline) once, when it arrives. One that then waits
 * and runs later would otherwise carry that check across whatever happened meanwhile. If this process
 * was stopped while the request waited, the cluster may have moved on without it (the key written
 * elsewhere, this node taken out of the ring), and what the pull brought in before the stop is no
 * longer the newest copy: run now, the request would stamp a new version onto an old value, and that
 * version wins everywhere (a counter steps back, a deleted value returns). The same holds when the
 * ring changed (the key may have other owners now) or the sender gave up on the request (it may
 * have sent it to the next owner, which applied it).
 */
record HeldRequest(long epoch, long pauses, long deadlineMillis) {

    /** A client's own request: no sender gives up on it behind its back. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * Why the request may no longer run (nothing of it applied), or null when it may.
     *
     * @param epochNow the ring this node routes by now
     * @param pausesNow the pauses this node has noticed by now
     * @param holdingNow whether this node is re-checking its ring after a pause right now (or has
     *     only just noticed one)
     * @param nowMillis the wall clock now, for the sender's deadline
     */
    Refusal lapsed(long epochNow, long pausesNow, boolean holdingNow, long nowMillis) {
        if (holdingNow || pausesNow != pauses) {
            return Refusal.PAUSED;
        }
        if (nowMillis > deadlineMillis) {
            return Refusal.EXPIRED;
        }
        if (epochNow != epoch) {
            return Refusal.STALE_RING;
        }
        return null;
    }
}
