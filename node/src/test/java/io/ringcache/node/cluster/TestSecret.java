package io.ringcache.node.cluster;

import io.ringcache.membership.ClusterSecret;
import io.ringcache.node.server.ConnectionRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The cluster secret of the test JVM's nodes: one random file, mode 0600, made on first use. */
public final class TestSecret {

    private static Path file;

    private TestSecret() {
    }

    public static synchronized Path file() {
        if (file == null) {
            file = newFile();
        }
        return file;
    }

    /** A fresh secret file, different from {@link #file()}'s (a stranger's, in tests). */
    static Path newFile() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            Path f = Files.createTempFile("ringcache-secret-", ".key",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(f, Base64.getEncoder().encodeToString(random) + "\n");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClusterSecret secret() {
        return ClusterSecret.read(file());
    }

    /**
     * Runs the connecting side of the peer handshake on {@code wire} as member {@code selfId} with
     * {@code secret}, towards the member {@code serverId}; returns the final answer ("OK\r\n" when
     * accepted).
     */
    static String handshake(Wire wire, ClusterSecret secret, String selfId, String serverId, ConnectionRole role)
            throws IOException {
        PeerHandshake handshake = new PeerHandshake(selfId, secret);
        byte[] clientNonce = PeerHandshake.nonce();
        String challenge = wire.call("rc_hello " + selfId + " " + PeerHandshake.hex(clientNonce) + "\r\n", "\r\n");
        String[] words = challenge.strip().split(" ");
        if (!words[0].equals("rc_challenge")) {
            return challenge;
        }
        byte[] serverNonce = PeerHandshake.unhex(words[2], PeerHandshake.NONCE_BYTES);
        byte[] proof = handshake.clientProof(clientNonce, serverNonce, selfId, serverId, role, 1);
        return wire.call("rc_peer " + selfId + " 1 " + PeerHandshake.roleWord(role) + " " + PeerHandshake.hex(proof)
                + "\r\n", "\r\n");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
