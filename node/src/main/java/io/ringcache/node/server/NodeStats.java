package io.ringcache.node.server;

import io.ringcache.node.protocol.ReceivingValues;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Per-node counters for {@code stats}; each counts what memcached's stat of the same name counts. */
public final class NodeStats {
    /** Open client connections; also what the connection limit is checked against. */
    final AtomicInteger currConnections = new AtomicInteger();
    final LongAdder totalConnections = new LongAdder();
    final LongAdder rejectedConnections = new LongAdder();
    /** The same three for the peer listener's connections, which have their own limit. */
    final AtomicInteger currPeerConnections = new AtomicInteger();
    final LongAdder totalPeerConnections = new LongAdder();
    final LongAdder rejectedPeerConnections = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    /** Keys looked up by get/gets/gat/gats/mg. */
    final LongAdder cmdGet = new LongAdder();
    final LongAdder cmdSet = new LongAdder();
    final LongAdder cmdFlush = new LongAdder();
    final LongAdder cmdTouch = new LongAdder();
    final LongAdder getHits = new LongAdder();
    final LongAdder getMisses = new LongAdder();
    final LongAdder deleteHits = new LongAdder();
    final LongAdder deleteMisses = new LongAdder();
    final LongAdder incrHits = new LongAdder();
    final LongAdder incrMisses = new LongAdder();
    final LongAdder decrHits = new LongAdder();
    final LongAdder decrMisses = new LongAdder();
    final LongAdder casHits = new LongAdder();
    final LongAdder casMisses = new LongAdder();
    final LongAdder casBadval = new LongAdder();
    final LongAdder touchHits = new LongAdder();
    final LongAdder touchMisses = new LongAdder();
    /** Times a connection gave its event loop to the others after -R commands in a row (memcached's name). */
    final LongAdder connYields = new LongAdder();
    /** Times a connection stopped being read because its queued answers passed the output budget. */
    final LongAdder outputPauses = new LongAdder();
    /** Times a connection stopped being read because it waited for as many forwarded answers as it may. */
    final LongAdder repliesPauses = new LongAdder();
    /** Values being received by every connection's decoder; set by the server from the limits. */
    volatile ReceivingValues receiving = ReceivingValues.unlimited();
    /** Closed connections by {@link CloseReason}, indexed by ordinal. */
    private final LongAdder[] closedBy = newAdders(CloseReason.values().length);

    public int currentConnections() {
        return currConnections.get();
    }

    void closed(CloseReason reason) {
        closedBy[reason.ordinal()].increment();
    }

    long closedBy(CloseReason reason) {
        return closedBy[reason.ordinal()].sum();
    }

    private static LongAdder[] newAdders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    void reset() {
        for (LongAdder a : new LongAdder[] {totalConnections, rejectedConnections, totalPeerConnections, rejectedPeerConnections, bytesRead, bytesWritten,
            cmdGet, cmdSet, cmdFlush, cmdTouch, getHits, getMisses, deleteHits, deleteMisses, incrHits,
            incrMisses, decrHits, decrMisses, casHits, casMisses, casBadval, touchHits, touchMisses, connYields,
            outputPauses, repliesPauses}) {
            a.reset();
        }
        for (LongAdder a : closedBy) {
            a.reset();
        }
    }
}
