package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import io.ringcache.membership.ClusterSecret;
import io.ringcache.node.server.CommandPipeline;
import io.ringcache.node.server.ConnectionRole;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first and, until the peer proved itself a member, only handler of a connection to the peer
 * listener: the accepting side of {@link PeerHandshake}. On success it installs the command
 * handlers with the role the peer named and steps aside (bytes already read after the handshake go
 * on to them); on anything else the connection is answered once and closed. A connection that has
 * not finished its handshake within {@link #TIMEOUT_MILLIS} is closed, so a stranger holds a
 * connection for seconds at most and never gets a command executed.
 */
final class PeerGate extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(PeerGate.class);

    static final long TIMEOUT_MILLIS = 5_000;
    /** memcached's answer to a command it does not know: what a stranger's memcached command gets. */
    private static final byte[] ERROR = "ERROR\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REFUSED = "SERVER_ERROR peer authentication failed\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final PeerHandshake handshake;
    private final CommandPipeline commands;
    private final SecurityStats stats;
    private ScheduledFuture<?> timeout;
    /** Set by the hello, checked with the proof; null before the hello. */
    private String clientId;
    private byte[] clientNonce;
    private byte[] serverNonce;
    private boolean done;

    PeerGate(PeerHandshake handshake, CommandPipeline commands, SecurityStats stats) {
        this.handshake = handshake;
        this.commands = commands;
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            if (!done) {
                refuse(ctx, null, "no handshake within " + TIMEOUT_MILLIS + " ms");
            }
        }, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!done && ctx.channel().isActive()) {
            int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (eol < 0) {
                if (in.readableBytes() > PeerHandshake.MAX_LINE) {
                    refuse(ctx, ERROR, "a handshake line longer than " + PeerHandshake.MAX_LINE + " bytes");
                }
                return;
            }
            int length = eol - in.readerIndex() + 1;
            if (length > PeerHandshake.MAX_LINE) {
                refuse(ctx, ERROR, "a handshake line longer than " + PeerHandshake.MAX_LINE + " bytes");
                return;
            }
            String line = in.toString(in.readerIndex(), length, StandardCharsets.US_ASCII).strip();
            in.skipBytes(length);
            if (clientId == null) {
                hello(ctx, line);
            } else {
                proof(ctx, line);
            }
        }
    }

    private void hello(ChannelHandlerContext ctx, String line) {
        String[] words = line.split(" ", -1);
        byte[] nonce = words.length == 3 ? PeerHandshake.unhex(words[2], PeerHandshake.NONCE_BYTES) : null;
        if (!words[0].equals(PeerHandshake.HELLO) || nonce == null || !NODE_ID.matcher(words[1]).matches()) {
            refuse(ctx, ERROR, "not a peer hello: \"" + PeerHandshake.abbreviate(line) + "\"");
            return;
        }
        clientId = words[1];
        clientNonce = nonce;
        serverNonce = PeerHandshake.nonce();
        byte[] proof = handshake.serverProof(clientNonce, serverNonce, clientId, handshake.selfId());
        String challenge = PeerHandshake.CHALLENGE + " " + handshake.selfId() + " " + PeerHandshake.hex(serverNonce)
                + " " + PeerHandshake.hex(proof) + "\r\n";
        ctx.writeAndFlush(Unpooled.wrappedBuffer(challenge.getBytes(StandardCharsets.US_ASCII)));
    }

    private void proof(ChannelHandlerContext ctx, String line) {
        String[] words = line.split(" ", -1);
        if (words.length != 5 || !words[0].equals(PeerHandshake.PEER) || !words[1].equals(clientId)) {
            refuse(ctx, REFUSED, "not the proof of " + clientId + ": \"" + PeerHandshake.abbreviate(line) + "\"");
            return;
        }
        long epoch = parseEpoch(words[2]);
        ConnectionRole role = PeerHandshake.role(words[3]);
        byte[] proof = PeerHandshake.unhex(words[4], PeerHandshake.PROOF_BYTES);
        if (epoch < 0 || role == null || proof == null) {
            refuse(ctx, REFUSED, "a malformed proof from " + clientId);
            return;
        }
        byte[] expected = handshake.clientProof(clientNonce, serverNonce, clientId, handshake.selfId(), role, epoch);
        if (!ClusterSecret.macsEqual(expected, proof)) {
            refuse(ctx, REFUSED, clientId + " does not know the cluster secret (its proof is wrong)");
            return;
        }
        done = true;
        timeout.cancel(false);
        stats.peerHandshakesAccepted.increment();
        log.debug("{}: peer {} authenticated ({})", ctx.channel(), clientId, words[3]);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(OK));
        commands.install(ctx.pipeline(), role);
        ctx.pipeline().remove(this); // what was read after the proof goes on to the decoder
    }

    private static long parseEpoch(String text) {
        if (text.isEmpty() || text.length() > 19) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }

    /** Answers once (if {@code answer} is given) and closes; nothing more is read from this connection. */
    private void refuse(ChannelHandlerContext ctx, byte[] answer, String why) {
        if (done) {
            return;
        }
        done = true;
        timeout.cancel(false);
        stats.peerHandshakesRefused.increment();
        log.debug("{}: peer connection refused: {}", ctx.channel(), why); // counted in stats; a stranger must not fill the log
        ctx.channel().config().setAutoRead(false);
        if (answer == null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: closing a peer connection after {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
