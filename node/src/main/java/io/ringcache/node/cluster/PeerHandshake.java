package io.ringcache.node.cluster;

import io.ringcache.client.ConnectionGreeting;
import io.ringcache.membership.ClusterSecret;
import io.ringcache.node.server.ConnectionRole;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;

/**
 * How two members prove to each other that both know the cluster secret before one sends the other
 * a single request: a mutual challenge-response over fresh random nonces from both sides.
 *
 * <pre>
 * connecting member (C)                                accepting member (S, the peer listener)
 *   rc_hello &lt;c-id&gt; &lt;c-nonce&gt;\r\n                      -&gt;
 *                                                   &lt;-  rc_challenge &lt;s-id&gt; &lt;s-nonce&gt; &lt;s-proof&gt;\r\n
 *   (C checks s-proof: S knows the secret)
 *   rc_peer &lt;c-id&gt; &lt;epoch&gt; coordinate|replica &lt;c-proof&gt;\r\n -&gt;
 *                                                   &lt;-  OK\r\n   (S checked c-proof)
 * nonce = 16 random bytes, proof = 32 bytes, both in lower-case hex
 * s-proof = HMAC(k, "server" c-nonce s-nonce c-id s-id)
 * c-proof = HMAC(k, "client" c-nonce s-nonce c-id s-id role epoch)
 * k = HMAC-SHA256(cluster secret, "ringcache peer handshake v1"); each field length-prefixed
 * </pre>
 *
 * Both proofs cover both nonces, so neither can be replayed on another connection, and the labels
 * keep S's proof from serving as C's (a reflection). The role and epoch are covered too, so a
 * stranger on the path cannot turn a coordinate connection into a replica one. Without TLS the
 * connection after the handshake is not encrypted; peer TLS (mutual) adds that.
 */
final class PeerHandshake {

    static final String PURPOSE = "ringcache peer handshake v1";
    static final int NONCE_BYTES = 16;
    static final int PROOF_BYTES = 32;
    /** No handshake line is longer: a node id, an epoch, two hex fields and the words. */
    static final int MAX_LINE = 512;
    static final String HELLO = "rc_hello";
    static final String CHALLENGE = "rc_challenge";
    static final String PEER = "rc_peer";

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String selfId;
    private final ClusterSecret secret;

    PeerHandshake(String selfId, ClusterSecret secret) {
        this.selfId = selfId;
        this.secret = secret;
    }

    String selfId() {
        return selfId;
    }

    static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    byte[] serverProof(byte[] clientNonce, byte[] serverNonce, String clientId, String serverId) {
        Mac mac = secret.mac(PURPOSE);
        field(mac, "server".getBytes(StandardCharsets.US_ASCII));
        field(mac, clientNonce);
        field(mac, serverNonce);
        field(mac, clientId.getBytes(StandardCharsets.UTF_8));
        field(mac, serverId.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal();
    }

    byte[] clientProof(byte[] clientNonce, byte[] serverNonce, String clientId, String serverId, ConnectionRole role,
            long epoch) {
        Mac mac = secret.mac(PURPOSE);
        field(mac, "client".getBytes(StandardCharsets.US_ASCII));
        field(mac, clientNonce);
        field(mac, serverNonce);
        field(mac, clientId.getBytes(StandardCharsets.UTF_8));
        field(mac, serverId.getBytes(StandardCharsets.UTF_8));
        field(mac, roleWord(role).getBytes(StandardCharsets.US_ASCII));
        field(mac, ByteBuffer.allocate(8).putLong(epoch).array());
        return mac.doFinal();
    }

    private static void field(Mac mac, byte[] bytes) {
        mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        mac.update(bytes);
    }

    static String roleWord(ConnectionRole role) {
        return switch (role) {
            case PEER_COORDINATE -> "coordinate";
            case PEER_REPLICA -> "replica";
            case CLIENT -> throw new IllegalArgumentException("a client is not a peer role");
        };
    }

    /** The role a peer names, or null for any other word. */
    static ConnectionRole role(String word) {
        return switch (word) {
            case "coordinate" -> ConnectionRole.PEER_COORDINATE;
            case "replica" -> ConnectionRole.PEER_REPLICA;
            default -> null;
        };
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Decodes exactly {@code length} bytes of lower- or upper-case hex; null if it is anything else. */
    static byte[] unhex(String text, int length) {
        if (text.length() != length * 2) {
            return null;
        }
        try {
            return HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The connecting side, run as the greeting of every peer connection: {@code expectedPeer} is the
     * member this node means to reach (a server with another id is refused), {@code epoch} the ring
     * epoch this node routes by.
     */
    ConnectionGreeting greeting(String expectedPeer, ConnectionRole role, long epoch) {
        return exchange -> {
            byte[] clientNonce = nonce();
            String hello = HELLO + " " + selfId + " " + hex(clientNonce) + "\r\n";
            return exchange.send(hello.getBytes(StandardCharsets.US_ASCII)).thenCompose(answer -> {
                String[] words = answer.split(" ", -1);
                byte[] serverNonce = words.length == 4 ? unhex(words[2], NONCE_BYTES) : null;
                byte[] serverProof = words.length == 4 ? unhex(words[3], PROOF_BYTES) : null;
                if (!words[0].equals(CHALLENGE) || serverNonce == null || serverProof == null) {
                    return failed("answered \"" + abbreviate(answer) + "\" to the peer hello");
                }
                if (!words[1].equals(expectedPeer)) {
                    return failed("is " + abbreviate(words[1]) + ", not " + expectedPeer);
                }
                byte[] expected = serverProof(clientNonce, serverNonce, selfId, expectedPeer);
                if (!ClusterSecret.macsEqual(expected, serverProof)) {
                    return failed("does not know the cluster secret (its proof is wrong)");
                }
                byte[] proof = clientProof(clientNonce, serverNonce, selfId, expectedPeer, role, epoch);
                String peer = PEER + " " + selfId + " " + epoch + " " + roleWord(role) + " " + hex(proof) + "\r\n";
                return exchange.send(peer.getBytes(StandardCharsets.US_ASCII)).thenAccept(ok -> {
                    if (!ok.equals("OK")) {
                        throw new ConnectionGreeting.GreetingRefusedException(
                                "refused this node's proof: \"" + abbreviate(ok) + "\"");
                    }
                });
            });
        };
    }

    private static CompletableFuture<Void> failed(String why) {
        return CompletableFuture.failedFuture(new ConnectionGreeting.GreetingRefusedException(why));
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
