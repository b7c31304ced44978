package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;

/**
 * Told how long each command took on its event loop, decoding and running it (metrics: per-command
 * latency histograms; {@link CommandClock} says where the time starts). Called on the event loop
 * right after the command ran; must be quick and never block. A command answered later (forwarded
 * to its owner) is timed until it was handed on, not until its answer came back.
 */
@FunctionalInterface
public interface CommandObserver {

    void executed(Command command, long nanos);
}
