package io.ringcache.node.admin;

import io.ringcache.membership.NodeInfo;
import io.ringcache.membership.NodeState;
import io.ringcache.node.cluster.ClusterState;
import io.ringcache.ring.HostPort;
import io.ringcache.ring.Member;
import io.ringcache.ring.Ring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as one node sees it at one moment: every member (ring members and those gossip sees
 * joining) with its state, zone, weight, share and arcs of the ring, and its {@code stats} (or why
 * they could not be had). {@link #json()} is what {@code GET /api/cluster} answers; the dashboard and
 * {@code ringcache-admin} read it.
 */
final class ClusterView {

    /** One member's row before its stats are known. */
    record Row(String id, MemberState state, String zone, int weight, String address, double share) {
    }

    private final Map<String, Object> json;
    private final boolean settled;

    private ClusterView(Map<String, Object> json, boolean settled) {
        this.json = json;
        this.settled = settled;
    }

    Map<String, Object> json() {
        return json;
    }

    /** No member that answered is still moving data toward the ring this node routes by (or a newer one). */
    boolean settled() {
        return settled;
    }

    /** The members this node knows of, in ring order, then the ones not in the ring yet. */
    static List<Row> rows(ClusterState state) {
        List<Row> rows = new ArrayList<>();
        Map<String, NodeInfo> live = new LinkedHashMap<>();
        for (NodeInfo n : state.liveMembers()) {
            live.put(n.nodeId(), n);
        }
        Ring ring = state.ring();
        if (ring != null) {
            double[] shares = ring.shares();
            for (int i = 0; i < ring.members().size(); i++) {
                Member m = ring.members().get(i);
                NodeInfo info = live.remove(m.nodeId());
                MemberState s;
                if ((m.nodeId().equals(state.selfId()) && state.leaving())
                        || (info != null && info.state() == NodeState.LEAVING)) {
                    s = MemberState.LEAVING;
                } else if (info == null && !m.nodeId().equals(state.selfId())) {
                    s = MemberState.SUSPECT;
                } else {
                    s = MemberState.UP;
                }
                String address = state.clientAddresses().get(i);
                rows.add(new Row(m.nodeId(), s, m.zone(), m.weight(), address == null ? null : canonical(address),
                        shares[i]));
            }
        }
        for (NodeInfo n : live.values()) {
            MemberState s = n.state() == NodeState.LEAVING ? MemberState.LEAVING : MemberState.JOINING;
            rows.add(new Row(n.nodeId(), s, n.zone(), n.weight(), canonical(n.clientAddress()), 0));
        }
        return rows;
    }

    static ClusterView of(ClusterState state, List<Row> rows, Map<String, Map<String, String>> stats,
            Map<String, String> errors, long nowMillis) {
        Ring ring = state.ring();
        Map<String, List<double[]>> arcs = ring == null ? Map.of() : RingArcs.of(ring);
        long epoch = ring == null ? 0 : ring.epoch();
        boolean settled = true;
        List<Map<String, Object>> members = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", row.id());
            m.put("state", row.state().label());
            m.put("self", row.id().equals(state.selfId()));
            m.put("zone", row.zone());
            m.put("weight", row.weight());
            m.put("address", row.address());
            m.put("share", row.share());
            m.put("arcs", arcs.getOrDefault(row.id(), List.of()).stream().map(a -> List.of(a[0], a[1])).toList());
            Map<String, String> s = stats.get(row.id());
            if (s != null) {
                m.put("adminUrl", adminUrl(row.address(), s.get("admin_port")));
                m.put("stats", s);
                if (row.state() == MemberState.UP && (number(s, "rebalance_running") != 0
                        || number(s, "cluster_epoch") < epoch)) {
                    settled = false;
                }
            } else {
                m.put("error", errors.getOrDefault(row.id(), "no address known"));
            }
            members.add(m);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("self", state.selfId());
        json.put("time", nowMillis);
        json.put("epoch", epoch);
        json.put("fingerprint", ring == null ? null : ring.fingerprint());
        json.put("replicationFactor", ring == null ? 0 : ring.replicationFactor());
        json.put("coordinator", state.coordinator());
        json.put("members", members);
        return new ClusterView(json, settled);
    }

    /** A node without a cluster: itself alone, always settled. */
    static ClusterView standalone(Map<String, String> stats, String address, long nowMillis) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "standalone");
        m.put("state", MemberState.UP.label());
        m.put("self", true);
        m.put("zone", "-");
        m.put("weight", 0);
        m.put("address", address);
        m.put("share", 1.0);
        m.put("arcs", List.of(List.of(0.0, 1.0)));
        m.put("adminUrl", adminUrl(address, stats.get("admin_port")));
        m.put("stats", stats);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("self", "standalone");
        json.put("time", nowMillis);
        json.put("epoch", 0);
        json.put("fingerprint", null);
        json.put("replicationFactor", 1);
        json.put("coordinator", false);
        json.put("members", List.of(m));
        return new ClusterView(json, true);
    }

    static long number(Map<String, String> stats, String name) {
        try {
            return Long.parseLong(stats.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String canonical(String address) {
        try {
            return HostPort.parse(address).toString();
        } catch (IllegalArgumentException e) {
            return address;
        }
    }

    /** {@code http://host:port/} of a member's admin port, from its client address and {@code admin_port} stat. */
    private static String adminUrl(String clientAddress, String adminPort) {
        if (clientAddress == null || adminPort == null) {
            return null;
        }
        try {
            HostPort client = HostPort.parse(clientAddress);
            return "http://" + new HostPort(client.host(), Integer.parseInt(adminPort)) + "/";
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
