package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringcache.membership.ClusterSecret;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.server.CommandPipeline;
import io.ringcache.node.server.ConnectionRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The accepting side of the peer handshake, on an embedded channel: only a proof opens the gate. */
class PeerGateTest {

    private static final ClusterSecret SECRET = ClusterSecret.of(utf8("the cluster's own secret, 32 bytes"));
    private static final ClusterSecret WRONG = ClusterSecret.of(utf8("a stranger's guess at the secret!!"));

    private final List<ConnectionRole> executedAs = new ArrayList<>();
    private final SecurityStats stats = new SecurityStats(() -> 0);
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel gate() {
        CommandPipeline commands = new CommandPipeline(NodeSettings.builder().build(), (command, replies) -> {
            executedAs.add(replies.role());
            replies.buffer().writeBytes(utf8("EXECUTED\r\n"));
        });
        channel = new EmbeddedChannel(new PeerGate(new PeerHandshake("server", SECRET), commands, stats));
        return channel;
    }

    @Test
    void aMemberThatProvesTheSecretGetsItsRoleAndItsPipelinedCommandsRun() {
        EmbeddedChannel ch = gate();
        PeerHandshake client = new PeerHandshake("client", SECRET);
        byte[] clientNonce = PeerHandshake.nonce();
        write(ch, "rc_hello client " + PeerHandshake.hex(clientNonce) + "\r\n");
        String[] challenge = read(ch).strip().split(" ");
        assertThat(challenge[0]).isEqualTo("rc_challenge");
        assertThat(challenge[1]).isEqualTo("server");
        byte[] serverNonce = PeerHandshake.unhex(challenge[2], PeerHandshake.NONCE_BYTES);
        assertThat(PeerHandshake.unhex(challenge[3], PeerHandshake.PROOF_BYTES))
                .isEqualTo(client.serverProof(clientNonce, serverNonce, "client", "server"));

        byte[] proof = client.clientProof(clientNonce, serverNonce, "client", "server", ConnectionRole.PEER_REPLICA, 7);
        // the proof and a command in one packet: the command goes on to the decoder behind the gate
        write(ch, "rc_peer client 7 replica " + PeerHandshake.hex(proof) + "\r\nmn\r\n");
        assertThat(read(ch)).isEqualTo("OK\r\n");
        assertThat(read(ch)).isEqualTo("EXECUTED\r\n");
        assertThat(executedAs).containsExactly(ConnectionRole.PEER_REPLICA);
        assertThat(ch.pipeline().get(PeerGate.class)).isNull();
        assertThat(stats.peerHandshakesAccepted.sum()).isEqualTo(1);
    }

    @Test
    void aProofMadeWithAnotherSecretIsRefusedAndTheConnectionClosed() {
        EmbeddedChannel ch = gate();
        PeerHandshake stranger = new PeerHandshake("client", WRONG);
        byte[] clientNonce = PeerHandshake.nonce();
        write(ch, "rc_hello client " + PeerHandshake.hex(clientNonce) + "\r\n");
        String[] challenge = read(ch).strip().split(" ");
        byte[] serverNonce = PeerHandshake.unhex(challenge[2], PeerHandshake.NONCE_BYTES);
        // the stranger can tell the server's proof is not one it could make
        assertThat(PeerHandshake.unhex(challenge[3], PeerHandshake.PROOF_BYTES))
                .isNotEqualTo(stranger.serverProof(clientNonce, serverNonce, "client", "server"));
        byte[] proof = stranger.clientProof(clientNonce, serverNonce, "client", "server", ConnectionRole.PEER_COORDINATE, 1);
        write(ch, "rc_peer client 1 coordinate " + PeerHandshake.hex(proof) + "\r\nmn\r\n");
        assertThat(read(ch)).isEqualTo("SERVER_ERROR peer authentication failed\r\n");
        assertThat(ch.isActive()).isFalse();
        assertThat(executedAs).isEmpty();
        assertThat(stats.peerHandshakesRefused.sum()).isEqualTo(1);
    }

    @Test
    void aProofReplayedFromAnotherConnectionIsRefused() {
        // a proof covers the server's fresh nonce, so one seen on the wire opens no other connection
        EmbeddedChannel first = gate();
        PeerHandshake client = new PeerHandshake("client", SECRET);
        byte[] clientNonce = PeerHandshake.nonce();
        write(first, "rc_hello client " + PeerHandshake.hex(clientNonce) + "\r\n");
        byte[] serverNonce = PeerHandshake.unhex(read(first).strip().split(" ")[2], PeerHandshake.NONCE_BYTES);
        String proofLine = "rc_peer client 1 replica "
                + PeerHandshake.hex(client.clientProof(clientNonce, serverNonce, "client", "server",
                        ConnectionRole.PEER_REPLICA, 1)) + "\r\n";
        first.finishAndReleaseAll();

        EmbeddedChannel second = gate();
        write(second, "rc_hello client " + PeerHandshake.hex(clientNonce) + "\r\n");
        read(second);
        write(second, proofLine);
        assertThat(read(second)).isEqualTo("SERVER_ERROR peer authentication failed\r\n");
        assertThat(second.isActive()).isFalse();
        assertThat(executedAs).isEmpty();
    }

    @Test
    void aRoleChangedOnTheWayInvalidatesTheProof() {
        EmbeddedChannel ch = gate();
        PeerHandshake client = new PeerHandshake("client", SECRET);
        byte[] clientNonce = PeerHandshake.nonce();
        write(ch, "rc_hello client " + PeerHandshake.hex(clientNonce) + "\r\n");
        byte[] serverNonce = PeerHandshake.unhex(read(ch).strip().split(" ")[2], PeerHandshake.NONCE_BYTES);
        byte[] proof = client.clientProof(clientNonce, serverNonce, "client", "server", ConnectionRole.PEER_COORDINATE, 1);
        write(ch, "rc_peer client 1 replica " + PeerHandshake.hex(proof) + "\r\n");
        assertThat(read(ch)).isEqualTo("SERVER_ERROR peer authentication failed\r\n");
        assertThat(executedAs).isEmpty();
    }

    @Test
    void aMemcachedCommandBeforeTheHandshakeIsAnsweredErrorAndNotExecuted() {
        for (String stranger : List.of("get foo\r\n", "set k 0 0 1\r\nx\r\n", "rc_topology\r\n", "stats\r\n",
                "rc_peer x 0 replica\r\n", "rc_hello\r\n", "rc_hello x nothex\r\n")) {
            EmbeddedChannel ch = gate();
            write(ch, stranger);
            assertThat(read(ch)).as(stranger).isEqualTo("ERROR\r\n");
            assertThat(ch.isActive()).as(stranger).isFalse();
            ch.finishAndReleaseAll();
        }
        assertThat(executedAs).isEmpty();
    }

    @Test
    void aLineLongerThanTheLimitClosesTheConnection() {
        EmbeddedChannel ch = gate();
        write(ch, "rc_hello " + "x".repeat(PeerHandshake.MAX_LINE));
        assertThat(read(ch)).isEqualTo("ERROR\r\n");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aConnectionThatStaysSilentIsClosedAfterTheHandshakeTimeout() {
        EmbeddedChannel ch = gate();
        ch.freezeTime(); // from here only advanceTimeBy moves the channel's clock
        ch.advanceTimeBy(PeerGate.TIMEOUT_MILLIS - 100, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isTrue();
        ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isFalse();
        assertThat(stats.peerHandshakesRefused.sum()).isEqualTo(1);
    }

    private static void write(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private static String read(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        assertThat(out).as("an answer").isNotNull();
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
