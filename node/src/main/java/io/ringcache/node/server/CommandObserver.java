package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;

/**
 * Told how long each command took to execute on its event loop (metrics: per-command latency
 * histograms). Called on the event loop right after the command ran; must be quick and never block.
 * A command answered later (forwarded to its owner) is timed until it was handed on, not until its
 * answer came back.
 */
@FunctionalInterface
public interface CommandObserver {

    void executed(Command command, long nanos);
}
