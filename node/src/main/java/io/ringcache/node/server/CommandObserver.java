package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;

/**
 * Told about every command a connection ran and how long each socket read's commands took (metrics:
 * per-command latency histograms). Both are called on the event loop; they must be quick and never
 * block.
 *
 * <p>Time is told per read, not per command ({@link CommandClock}): every command counted since the
 * last {@link #readEnded} took the time of the read that brought it, from the moment the read
 * reached the decoder to the end of that read's last command. That is how long the command's answer
 * waited on this node: pipelined answers go out together after their read. It also makes the cost
 * two clock reads per read instead of one or two per command. A command answered later (forwarded
 * to its owner) is timed until it was handed on, not until its answer came back.
 */
public interface CommandObserver {

    /** A command ran on this thread; its time comes with the next {@link #readEnded} on this thread. */
    void executed(Command command);

    /** The read whose commands this thread counted since the last call ended, {@code nanos} after it began. */
    void readEnded(long nanos);
}
