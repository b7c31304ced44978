package io.ringcache.node.store;

/**
 * This node may not give out a version now ({@link HybridClock#guard}): a cluster node re-checking
 * its ring after a pause. Thrown from inside a key's compute before anything of the write was
 * changed, so the key stays as it was; the cluster executor answers the request as refused.
 * One shared instance without a stack trace: it is an answer, not a bug.
 */
public final class StampRefusedException extends RuntimeException {

    static final StampRefusedException INSTANCE = new StampRefusedException();

    private StampRefusedException() {
        super("no version may be stamped now: this node is re-checking its ring after a pause", null, false, false);
    }
}
