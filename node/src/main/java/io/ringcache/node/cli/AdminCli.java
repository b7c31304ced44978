package io.ringcache.node.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.ringcache.membership.ClusterSecret;
import io.ringcache.node.admin.LeaveProof;
import io.ringcache.node.server.StatsReport;
import io.ringcache.ring.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ringcache-admin}: sees and steers a cluster through any member's admin port.
 *
 * <pre>
 * ringcache-admin status                 members, states, ring epoch, items and rebalance per node
 * ringcache-admin ring                   each member's share of the ring and its ranges
 * ringcache-admin stats node-2           one member's stats
 * ringcache-admin leave node-3           node-3 hands its items over and leaves (as on SIGTERM)
 * ringcache-admin --admin 10.0.0.5:9211 --json status
 * </pre>
 */
@Command(name = "ringcache-admin", mixinStandardHelpOptions = true, version = StatsReport.VERSION,
        description = "Sees and steers a ringcache cluster through any member's admin port (--admin-port of ringcache-node).",
        subcommands = {AdminCli.Status.class, AdminCli.RingCommand.class, AdminCli.Stats.class, AdminCli.Leave.class})
public final class AdminCli {

    /** The options every subcommand takes. */
    static final class Target {
        @Option(names = {"-a", "--admin"}, paramLabel = "<host:port>", defaultValue = "127.0.0.1:9211",
                description = "admin port of any member (default: ${DEFAULT-VALUE}, node-1 of bin/ringcache-cluster)")
        String admin;

        @Option(names = "--json", description = "print JSON instead of a table")
        boolean json;

        HostPort admin() {
            try {
                return HostPort.parse(admin);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("--admin: " + e.getMessage());
            }
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with ringcache-admin's error handling (a failure prints one line and exits 1). */
    public static CommandLine commandLine() {
        return new CommandLine(new AdminCli()).setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("ringcache-admin: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
    }

    @Command(name = "status", description = "Members with their state, zone, items and rebalance progress; the ring epoch.")
    static final class Status implements Callable<Integer> {
        @Mixin Target target;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> view = new AdminClient().cluster(target.admin());
            PrintWriter out = spec.commandLine().getOut();
            if (target.json) {
                return printJson(out, view);
            }
            out.printf("ring epoch %s (%s), RF %s, seen by %s%n", view.get("epoch"), view.get("fingerprint"),
                    view.get("replicationFactor"), view.get("self"));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NODE", "STATE", "ZONE", "ADDRESS", "SHARE", "ITEMS", "MEMORY", "REBALANCE"});
            for (Map<String, Object> m : AdminClient.members(view)) {
                Map<String, String> s = AdminClient.stats(m);
                rows.add(new String[] {String.valueOf(m.get("id")), String.valueOf(m.get("state")),
                    String.valueOf(m.get("zone")), String.valueOf(m.get("address")), percent(m.get("share")),
                    s.getOrDefault("curr_items", "?"), s.isEmpty() ? "?" : megabytes(s.get("bytes")) + "/"
                    + megabytes(s.get("limit_maxbytes")) + " MB", s.isEmpty() ? String.valueOf(m.get("error"))
                    : rebalance(s)});
            }
            Table.print(out, rows);
            return 0;
        }

        private static String rebalance(Map<String, String> s) {
            if ("1".equals(s.get("rebalance_running"))) {
                return "moving " + s.get("rebalance_scanned") + "/" + s.get("rebalance_to_scan") + " scanned, "
                        + s.get("rebalance_items_sent") + " sent";
            }
            return "settled";
        }
    }

    @Command(name = "ring", description = "Each member's share of the ring and the ranges it owns as primary.")
    static final class RingCommand implements Callable<Integer> {
        @Mixin Target target;
        @Spec CommandSpec spec;

        @Option(names = "--ranges", description = "list every range (start, end] as a fraction of the circle")
        boolean ranges;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> view = new AdminClient().cluster(target.admin());
            PrintWriter out = spec.commandLine().getOut();
            if (target.json) {
                List<Object> ring = new ArrayList<>();
                for (Map<String, Object> m : AdminClient.members(view)) {
                    ring.add(Map.of("id", m.get("id"), "share", m.get("share"), "ranges", m.get("arcs")));
                }
                return printJson(out, Map.of("epoch", view.get("epoch"), "members", ring));
            }
            out.printf("ring epoch %s (%s)%n", view.get("epoch"), view.get("fingerprint"));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NODE", "SHARE", "RANGES"});
            for (Map<String, Object> m : AdminClient.members(view)) {
                List<?> arcs = (List<?>) m.get("arcs");
                rows.add(new String[] {String.valueOf(m.get("id")), percent(m.get("share")), Integer.toString(arcs.size())});
            }
            Table.print(out, rows);
            if (ranges) {
                for (Map<String, Object> m : AdminClient.members(view)) {
                    out.printf("%s:", m.get("id"));
                    for (Object arc : (List<?>) m.get("arcs")) {
                        List<?> a = (List<?>) arc;
                        out.printf(Locale.ROOT, " (%.6f, %.6f]", ((Number) a.get(0)).doubleValue(), ((Number) a.get(1)).doubleValue());
                    }
                    out.println();
                }
            }
            return 0;
        }
    }

    @Command(name = "stats", description = "One member's stats (as memcached's stats command answers them).")
    static final class Stats implements Callable<Integer> {
        @Mixin Target target;
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "<node>", description = "node id")
        String node;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> member = find(new AdminClient().cluster(target.admin()), node);
            Map<String, String> stats = AdminClient.stats(member);
            if (stats.isEmpty()) {
                throw new IOException(node + " did not answer: " + member.get("error"));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (target.json) {
                return printJson(out, stats);
            }
            List<String[]> rows = new ArrayList<>();
            stats.forEach((name, value) -> rows.add(new String[] {name, value}));
            Table.print(out, rows);
            return 0;
        }
    }

    @Command(name = "leave", description = "Asks a member to leave gracefully: it hands its items to their new owners "
            + "and exits, as on SIGTERM. Waits until the others no longer list it (--wait).")
    static final class Leave implements Callable<Integer> {
        @Mixin Target target;
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "<node>", description = "node id")
        String node;

        @Option(names = "--cluster-secret-file", paramLabel = "<path>", description = "the cluster secret the node "
                + "checks the request against (default: the file named by $" + ClusterSecret.ENVIRONMENT_VARIABLE + ")")
        Path secretFile;

        @Option(names = "--wait", paramLabel = "<seconds>", defaultValue = "60",
                description = "how long to wait for the others to drop it from the ring; 0 = do not wait (default: ${DEFAULT-VALUE})")
        long waitSeconds;

        @Override
        public Integer call() throws Exception {
            AdminClient client = new AdminClient();
            Map<String, Object> view = client.cluster(target.admin());
            Map<String, Object> member = find(view, node);
            Object url = member.get("adminUrl");
            if (url == null) {
                throw new IOException(node + " has no admin port known (started without --admin-port?)");
            }
            // a member that stays, to watch the leave from
            String watcher = AdminClient.members(view).stream().filter(m -> !node.equals(m.get("id")))
                    .map(m -> (String) m.get("adminUrl")).filter(u -> u != null).findFirst().orElse(null);
            Path file = secretFile != null ? secretFile : System.getenv(ClusterSecret.ENVIRONMENT_VARIABLE) != null
                    ? Path.of(System.getenv(ClusterSecret.ENVIRONMENT_VARIABLE)) : null;
            if (file == null) {
                throw new IOException("leave needs the cluster secret: --cluster-secret-file or $"
                        + ClusterSecret.ENVIRONMENT_VARIABLE);
            }
            client.leave((String) url, LeaveProof.sign(ClusterSecret.read(file), node, System.currentTimeMillis() / 1000));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s is leaving: handing its items over%n", node);
            out.flush();
            if (waitSeconds == 0 || watcher == null) {
                return 0;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            while (System.nanoTime() < deadline) {
                Map<String, Object> now = client.cluster(watcher);
                // out of the ring: no arcs (gossip may list it, leaving, until its process exits)
                if (AdminClient.members(now).stream().noneMatch(m -> node.equals(m.get("id"))
                        && !((List<?>) m.get("arcs")).isEmpty())) {
                    out.printf("%s left the ring: epoch %s, %d members%n", node, now.get("epoch"),
                            AdminClient.members(now).stream().filter(m -> !((List<?>) m.get("arcs")).isEmpty()).count());
                    return 0;
                }
                Thread.sleep(250); // polling another process's state: there is nothing to wait on here
            }
            spec.commandLine().getErr().printf("%s still listed after %d s%n", node, waitSeconds);
            return 2;
        }
    }

    static Map<String, Object> find(Map<String, Object> view, String node) throws IOException {
        return AdminClient.members(view).stream().filter(m -> node.equals(m.get("id"))).findFirst()
                .orElseThrow(() -> new IOException("no member " + node + " (members: "
                        + AdminClient.members(view).stream().map(m -> String.valueOf(m.get("id"))).toList() + ")"));
    }

    static int printJson(PrintWriter out, Object value) throws IOException {
        out.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(value));
        return 0;
    }

    static String percent(Object share) {
        return String.format(Locale.ROOT, "%.1f%%", ((Number) share).doubleValue() * 100);
    }

    static String megabytes(String bytes) {
        try {
            return String.format(Locale.ROOT, "%.1f", Long.parseLong(bytes) / (1024.0 * 1024));
        } catch (NumberFormatException e) {
            return "?";
        }
    }
}
