package io.ringcache.node.admin;

import io.ringcache.membership.ClusterSecret;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Proof that whoever asks a node to leave holds the cluster secret, without sending the secret:
 * the {@code X-Ringcache-Admin} header carries {@code <unix-seconds> <hex HMAC-SHA256>} over
 * {@code "leave <node-id> <unix-seconds>"}, keyed for the purpose "admin-leave". A proof is good
 * for {@link #WINDOW_SECONDS} either side of the node's clock and for that one node only (a replay
 * within the window asks a leaving node to leave again, which changes nothing).
 */
public final class LeaveProof {

    public static final String HEADER = "X-Ringcache-Admin";
    static final long WINDOW_SECONDS = 30;
    private static final String PURPOSE = "admin-leave";

    private LeaveProof() {
    }

    /** The header value that asks {@code nodeId} to leave, at {@code unixSeconds}. */
    public static String sign(ClusterSecret secret, String nodeId, long unixSeconds) {
        return unixSeconds + " " + HexFormat.of().formatHex(mac(secret, nodeId, unixSeconds));
    }

    /** Null when {@code header} proves the secret for {@code nodeId} now; otherwise why not. */
    static String refusal(ClusterSecret secret, String nodeId, String header, long nowSeconds) {
        if (header == null) {
            return "a leave request needs the " + HEADER + " header: <unix-seconds> <HMAC> (ringcache-admin writes it)";
        }
        String[] parts = header.trim().split(" ");
        long at;
        byte[] mac;
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException("two fields");
            }
            at = Long.parseLong(parts[0]);
            mac = HexFormat.of().parseHex(parts[1]);
        } catch (IllegalArgumentException e) {
            return HEADER + " must be <unix-seconds> <hex HMAC>";
        }
        if (Math.abs(nowSeconds - at) > WINDOW_SECONDS) {
            return "the leave request is dated " + (at - nowSeconds) + " s from this node's clock (at most "
                    + WINDOW_SECONDS + " s)";
        }
        if (!ClusterSecret.macsEqual(mac, mac(secret, nodeId, at))) {
            return "the leave request is not signed with this cluster's secret";
        }
        return null;
    }

    private static byte[] mac(ClusterSecret secret, String nodeId, long unixSeconds) {
        return secret.mac(PURPOSE).doFinal(("leave " + nodeId + " " + unixSeconds).getBytes(StandardCharsets.UTF_8));
    }
}
