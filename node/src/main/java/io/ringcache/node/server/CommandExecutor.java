package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;

/**
 * Carries out decoded commands. The local executor answers at once from the store; a clustered one
 * may forward a command to the node that owns its key and answer through {@link ReplySink#defer()}.
 *
 * <p>Called on the connection's event loop, one command at a time in request order; must not block.
 */
public interface CommandExecutor {

    void execute(Command command, ReplySink replies);
}
