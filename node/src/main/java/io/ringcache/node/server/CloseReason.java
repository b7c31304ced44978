package io.ringcache.node.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;

/**
 * Why a connection closed, for its log line and the {@code stats} counters. The first reason given
 * sticks: closing a connection can make later steps fail in turn (a write to a closed socket), and
 * those are consequences, not reasons.
 */
enum CloseReason {
    CLIENT("closed by the client", false),
    QUIT("quit", false),
    PROTOCOL("closed after a request it cannot answer (line too long, binary or HTTP)", false),
    IDLE("idle timeout", true),
    READ_TIMEOUT("command incomplete after the read timeout", true),
    WRITE_TIMEOUT("answers not read within the write timeout (slow reader)", true),
    OUTPUT_LIMIT("answers queued past the connection's output limit", true),
    WATCHER_NOT_READING("topology watcher not reading its pushes", true),
    IO_ERROR("I/O error", true),
    ERROR("unexpected error", true);

    private static final AttributeKey<CloseReason> KEY = AttributeKey.valueOf(CloseReason.class, "closeReason");

    final String text;
    /** Whether the node, not the client, ended the connection: those are logged at info. */
    final boolean byNode;

    CloseReason(String text, boolean byNode) {
        this.text = text;
        this.byNode = byNode;
    }

    /** Records {@code reason} unless another was recorded first, without closing. */
    static void mark(Channel channel, CloseReason reason) {
        channel.attr(KEY).setIfAbsent(reason);
    }

    /** Records {@code reason} (unless another was first) and closes the connection. */
    static void close(ChannelHandlerContext ctx, CloseReason reason) {
        mark(ctx.channel(), reason);
        ctx.close();
    }

    /** The recorded reason; a connection closed without one was closed by the client. */
    static CloseReason of(Channel channel) {
        CloseReason reason = channel.attr(KEY).get();
        return reason == null ? CLIENT : reason;
    }
}
