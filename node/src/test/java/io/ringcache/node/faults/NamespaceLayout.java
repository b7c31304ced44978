package io.ringcache.node.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Nodes in network namespaces, so that the network between them can be cut: namespace
 * {@code rcf-n<i>} holds node i at 10.213.0.(10+i), joined by a veth pair to the bridge
 * {@code rcf-br0} (10.213.0.1, in the test's own namespace, where the writers run). Cuts are
 * nftables drop rules inside a node's namespace ({@link #cut}); {@link #heal} removes them.
 * Everything is made by this class and removed by {@link #close}, which a shutdown hook also runs
 * (a test that fails or is interrupted leaves no namespace behind). Needs root, {@code ip} and {@code nft}.
 */
final class NamespaceLayout implements Layout {

    private static final String BRIDGE = "rcf-br0";
    private static final String SUBNET = "10.213.0.";
    private static final int CLIENT_PORT = 21211;
    private static final int GOSSIP_PORT = 21946;
    private static final String CUT_TABLE = "rcf_cut";

    private final List<Integer> made = new ArrayList<>();
    private final Thread cleanupHook = new Thread(this::removeAll, "rcf-netns-cleanup");

    /** Which way a cut drops packets, seen from the cut node. */
    enum Direction {
        /** nothing in, nothing out. */
        BOTH,
        /** the node's packets to the others are dropped; theirs still reach it. */
        OUTGOING_ONLY
    }

    /** Why namespaces cannot be used here, or null when they can. */
    static String unavailableBecause() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root (network namespaces and nftables), running as " + System.getProperty("user.name");
        }
        for (String tool : List.of("ip", "nft")) {
            if (run(List.of("sh", "-c", "command -v " + tool)) != 0) {
                return "needs '" + tool + "' (apt-get install -y iproute2 nftables)";
            }
        }
        if (run(List.of("ip", "netns", "add", "rcf-probe")) != 0) {
            return "cannot make a network namespace here (ip netns add failed)";
        }
        run(List.of("ip", "netns", "del", "rcf-probe"));
        return null;
    }

    NamespaceLayout() {
        removeAll(); // what a killed earlier run may have left
        Runtime.getRuntime().addShutdownHook(cleanupHook);
        must("ip", "link", "add", BRIDGE, "type", "bridge");
        must("ip", "addr", "add", SUBNET + "1/24", "dev", BRIDGE);
        must("ip", "link", "set", BRIDGE, "up");
    }

    static String namespace(int index) {
        return "rcf-n" + index;
    }

    static String address(int index) {
        return SUBNET + (10 + index);
    }

    @Override
    public NodeJvm node(String nodeId, int index, List<String> seeds, List<String> extra, Path logDir) {
        if (!made.contains(index)) {
            makeNamespace(index);
        }
        return new NodeJvm(nodeId, address(index), CLIENT_PORT, GOSSIP_PORT, List.of("ip", "netns", "exec", namespace(index)),
                seeds, extra, logDir);
    }

    private void makeNamespace(int i) {
        String ns = namespace(i);
        must("ip", "netns", "add", ns);
        made.add(i);
        must("ip", "link", "add", "rcf-v" + i, "type", "veth", "peer", "name", "rcf-p" + i);
        must("ip", "link", "set", "rcf-p" + i, "netns", ns);
        must("ip", "link", "set", "rcf-v" + i, "master", BRIDGE);
        must("ip", "link", "set", "rcf-v" + i, "up");
        must("ip", "netns", "exec", ns, "ip", "addr", "add", address(i) + "/24", "dev", "rcf-p" + i);
        must("ip", "netns", "exec", ns, "ip", "link", "set", "rcf-p" + i, "up");
        must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    }

    /**
     * Cuts node {@code index} off from the nodes {@code others} (by their indexes): drop rules in its
     * namespace for their addresses. The writers' bridge address stays reachable.
     */
    void cut(int index, List<Integer> others, Direction direction) {
        String peers = String.join(", ", others.stream().map(NamespaceLayout::address).toList());
        StringBuilder rules = new StringBuilder("table inet " + CUT_TABLE + " {\n");
        if (direction == Direction.BOTH) {
            rules.append("  chain in { type filter hook input priority 0; policy accept; ip saddr { ")
                    .append(peers).append(" } drop; }\n");
        }
        rules.append("  chain out { type filter hook output priority 0; policy accept; ip daddr { ")
                .append(peers).append(" } drop; }\n}\n");
        int exit = run(List.of("ip", "netns", "exec", namespace(index), "nft", "-f", "-"), rules.toString());
        if (exit != 0) {
            throw new IllegalStateException("nft rules in " + namespace(index) + " failed (" + exit + "):\n" + rules);
        }
    }

    void heal(int index) {
        must("ip", "netns", "exec", namespace(index), "nft", "delete", "table", "inet", CUT_TABLE);
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running this
        }
    }

    /** Removes every rcf- namespace and the bridge (a namespace's veth end goes with it, and its pair). */
    private synchronized void removeAll() {
        for (int i = 0; i < 8; i++) {
            run(List.of("ip", "netns", "pids", namespace(i)), null, true);
            run(List.of("ip", "netns", "del", namespace(i)));
            run(List.of("ip", "link", "del", "rcf-v" + i));
        }
        made.clear();
        run(List.of("ip", "link", "del", BRIDGE));
    }

    private static void must(String... command) {
        int exit = run(List.of(command));
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit);
        }
    }

    private static int run(List<String> command) {
        return run(command, null);
    }

    private static int run(List<String> command, String input) {
        return run(command, input, false);
    }

    /** Runs a set-up command; with {@code killListed}, kills (SIGKILL) each pid the command prints. */
    private static int run(List<String> command, String input, boolean killListed) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            if (killListed && p.exitValue() == 0) {
                for (String pid : output.split("\\s+")) {
                    if (!pid.isBlank()) {
                        Signals.sendQuietly("CONT", Long.parseLong(pid.trim()));
                        Signals.sendQuietly("KILL", Long.parseLong(pid.trim()));
                    }
                }
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
