package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.ringcache.node.protocol.Responses;
import io.ringcache.ring.Member;
import java.nio.charset.StandardCharsets;

/**
 * The answer to {@code rc_topology} (docs/cluster.md):
 *
 * <pre>
 *   RING &lt;epoch&gt; &lt;fingerprint&gt; &lt;byte-count&gt; &lt;cluster-id-hex&gt;\r\n&lt;ring codec bytes&gt;\r\n
 *   MEMBER &lt;node-id&gt; &lt;client host:port or -&gt; &lt;zone or -&gt; &lt;weight&gt;\r\n   (one per ring member, ring order)
 *   END\r\n
 * </pre>
 *
 * A node that has no ring yet answers {@code END} alone.
 */
final class TopologyText {

    private TopologyText() {
    }

    static void write(Topology t, ByteBuf out) {
        if (t != null) {
            byte[] ring = t.ring().encode();
            ascii(out, "RING " + t.ring().epoch() + " " + t.fingerprint() + " " + ring.length + " "
                    + Long.toHexString(t.clusterId()) + "\r\n");
            out.writeBytes(ring);
            out.writeBytes(Responses.CRLF);
            for (int i = 0; i < t.clientAddresses().length; i++) {
                Member m = t.ring().members().get(i);
                String address = t.clientAddresses()[i] == null ? "-" : t.clientAddresses()[i];
                String zone = m.zone().isEmpty() ? "-" : m.zone();
                ascii(out, "MEMBER " + m.nodeId() + " " + address + " " + zone + " " + m.weight() + "\r\n");
            }
        }
        out.writeBytes(Responses.END);
    }

    private static void ascii(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.UTF_8);
    }
}
