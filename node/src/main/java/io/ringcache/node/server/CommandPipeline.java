package io.ringcache.node.server;

import io.netty.channel.ChannelPipeline;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.protocol.BinaryDecoder;
import io.ringcache.node.protocol.CommandDecoder;
import io.ringcache.node.protocol.ReceivingValues;

/**
 * The handlers that turn a connection's bytes into commands and answers: input gate (which holds
 * reading back, {@link InputGate}), decoder, (for clients, when -Y is on) the authentication gate,
 * connection handler (which also closes idle connections, {@link IdleCheck}). A client connection gets them when accepted; a peer connection only after
 * its handshake proved the peer a member, and then with the role the handshake named.
 */
public final class CommandPipeline {

    private final NodeSettings settings;
    private final CommandExecutor executor;
    /**
     * Whether a client connection may switch to the binary protocol at its first byte. Never for
     * peers (they speak text), and never with -Y: memcached's ASCII authentication has no binary form.
     */
    private final boolean binaryProtocol;
    private final NodeStats stats;
    private final CloseLog closeLog;
    /** Null when metrics are off. */
    private final CommandClock clock;

    public CommandPipeline(NodeSettings settings, CommandExecutor executor) {
        this(settings, executor, false);
    }

    public CommandPipeline(NodeSettings settings, CommandExecutor executor, boolean binaryProtocol) {
        this(settings, executor, binaryProtocol, new NodeStats(), new CloseLog());
    }

    /** With the node's counters and close log, shared by all its connections. */
    CommandPipeline(NodeSettings settings, CommandExecutor executor, boolean binaryProtocol, NodeStats stats,
            CloseLog closeLog) {
        this.settings = settings;
        this.executor = executor;
        this.binaryProtocol = binaryProtocol && settings.authFile() == null;
        this.stats = stats;
        this.closeLog = closeLog;
        this.clock = settings.commandObserver() == null ? null : new CommandClock(settings.commandObserver());
    }

    /** Appends the command handlers to {@code pipeline}; its requests are taken as {@code role}'s. */
    public void install(ChannelPipeline pipeline, ConnectionRole role) {
        InputGate gate = new InputGate(); // before the decoder: it holds back the decoder's read requests
        pipeline.addLast("input-gate", gate);
        boolean binary = binaryProtocol && role == ConnectionRole.CLIENT;
        ReceivingValues receiving = stats.receiving;
        CommandDecoder decoder = new CommandDecoder(settings.maxLineLength(), settings.maxGetLineLength(),
                settings.maxItemSize(), receiving, binary ? () -> new BinaryDecoder(settings.maxItemSize(), receiving) : null);
        decoder.gate(gate);
        if (clock != null) {
            pipeline.addLast("command-clock", clock); // times each read's commands
        }
        pipeline.addLast("decoder", decoder);
        if (role == ConnectionRole.CLIENT && settings.authFile() != null) {
            pipeline.addLast("auth", new AuthGate(settings.authFile()));
        }
        pipeline.addLast("commands", new ConnectionHandler(executor, decoder, gate, settings.ioLimits(), stats, closeLog,
                settings.readTimeout().toNanos(), settings.idleTimeout().toNanos(), role));
    }
}
