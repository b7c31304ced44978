package io.ringcache.node.cluster;

import io.ringcache.client.ConnectionLostException;
import io.ringcache.client.NodeDownException;
import io.ringcache.client.OverloadedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Reading a failed peer request: was it never sent, or may the peer have carried it out? */
final class Failures {

    private Failures() {
    }

    /**
     * Whether the request never left this node (no connection, or the connection refused it for
     * overload): the peer cannot have applied it. Anything else (a timeout, a lost connection, a
     * corrupt answer) leaves the outcome unknown.
     */
    static boolean notSent(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ConnectionLostException) {
            return false; // a NodeDownException too, but the request may have been written before the loss
        }
        return cause instanceof NodeDownException || cause instanceof OverloadedException
                || cause instanceof NoPeerException;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** There is no connection to the member at all (gossip has not told its address yet, or it is gone). */
    static final class NoPeerException extends RuntimeException {
        NoPeerException(String nodeId) {
            super("no connection to " + nodeId, null, false, false);
        }
    }
}
