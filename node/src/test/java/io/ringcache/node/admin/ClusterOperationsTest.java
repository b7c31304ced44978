package io.ringcache.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.jr.ob.JSON;
import io.ringcache.node.cli.AdminCli;
import io.ringcache.node.testing.TextConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Operating a live cluster as a person would, through the tools they would use, in one cluster's
 * life (three nodes in this JVM, real sockets; each step builds on the one before, so they run in
 * order): Debian's Prometheus scrapes every node and sees a rate move under load; the dashboard in
 * headless Chromium shows three members and the ring; ringcache-admin's status, ring and stats;
 * the cluster view and health of every node; a fourth node joins and the dashboard shows it (the screenshot in docs/ is taken then:
 * target/dashboard.png); ringcache-admin makes a node leave and the dashboard drops it; the
 * browser's console stays free of errors throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterOperationsTest {

    private static final Duration SEE = Duration.ofSeconds(45);

    private final LocalCluster cluster = new LocalCluster();
    private PrometheusServer prometheus;
    private ChromeDriver browser;
    private Path profile;

    @BeforeAll
    void start() throws Exception {
        PrometheusServer.assumeInstalled();
        Chromium.assumeInstalled();
        cluster.startUp("a", "b", "c");
        prometheus = PrometheusServer.scraping(List.of(cluster.adminPort("a"), cluster.adminPort("b"),
                cluster.adminPort("c")));
        profile = Chromium.freshProfile();
        browser = Chromium.start(profile);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        cluster.close();
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void prometheusSeesEveryNodeAndARateThatMovesUnderLoad() throws Exception {
        Set<String> instances = cluster.members().stream().map(m -> "127.0.0.1:" + m.adminPort())
                .collect(Collectors.toSet());
        await().atMost(SEE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            List<Map<String, Object>> members = prometheus.query("ringcache_ring_members");
            assertThat(members.stream().map(s -> PrometheusServer.label(s, "instance")).collect(Collectors.toSet()))
                    .isEqualTo(instances);
            assertThat(members).allSatisfy(s -> assertThat(PrometheusServer.value(s)).isEqualTo(3));
            assertThat(prometheus.query("ringcache_members{state=\"up\"} == 3")).hasSize(3);
        });
        String a = "127.0.0.1:" + cluster.adminPort("a");
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread load = new Thread(() -> runLoad(cluster.port("a"), loading, sent), "load");
        load.start();
        try {
            await().atMost(SEE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                // the key's owner counts the get, whichever node received it
                List<Map<String, Object>> rate = prometheus.query("sum(rate(ringcache_commands_total{command=\"get\"}[4s]))");
                assertThat(PrometheusServer.value(rate.get(0))).isGreaterThan(50);
                List<Map<String, Object>> p99 = prometheus.query("histogram_quantile(0.99, sum by (le) "
                        + "(rate(ringcache_command_duration_seconds_bucket{command=\"get\",instance=\"" + a + "\"}[4s])))");
                assertThat(PrometheusServer.value(p99.get(0))).isGreaterThan(0).isLessThanOrEqualTo(1);
            });
        } finally {
            loading.set(false);
            load.join(10_000);
        }
        assertThat(sent.get()).isPositive();
    }

    @Test
    @Order(2)
    void theDashboardShowsThreeMembersAndTheRing() throws Exception {
        try (TextConnection c = new TextConnection(cluster.port("b"), Duration.ofSeconds(60))) {
            StringBuilder sets = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                sets.append("set key-").append(i).append(" 0 0 5\r\nvalue\r\n");
            }
            c.send(sets.append("mn\r\n").toString());
            assertThat(c.readUntilLine("MN")).isEqualTo("STORED\r\n".repeat(500) + "MN\r\n");
        }
        assertTheViewShowsEveryMember(1002); // 500 keys and the load's hot key, RF 2
        browser.get("http://127.0.0.1:" + cluster.adminPort("a") + "/");
        awaitMembers(Set.of("a", "b", "c"));
        assertThat(String.valueOf(browser.executeScript("return document.getElementById('summary').textContent")))
                .contains("node a", "3 up");
        assertThat(arcOwners()).isEqualTo(Set.of("a", "b", "c"));
    }

    @Test
    @Order(3)
    void ringcacheAdminStatusRingAndStats() throws Exception {
        String admin = "127.0.0.1:" + cluster.adminPort("b"); // any member answers
        Run status = admin("status", "--admin", admin);
        assertThat(status.exit()).as(status.err()).isZero();
        List<String> lines = status.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ring epoch ").endsWith("seen by b");
        assertThat(lines.get(1)).startsWith("NODE").contains("STATE", "ITEMS", "REBALANCE");
        assertThat(lines.subList(2, 5)).allSatisfy(l -> assertThat(l).contains(" up ", "settled"));
        long items = lines.subList(2, 5).stream().mapToLong(l -> Long.parseLong(l.split("\\s+")[5])).sum();
        assertThat(items).isEqualTo(1002); // 500 keys and the load's hot key, RF 2
        assertThat((List<?>) JSON.std.mapFrom(admin("status", "--admin", admin, "--json").out()).get("members")).hasSize(3);

        Run ring = admin("ring", "--admin", admin, "--ranges");
        assertThat(ring.out()).containsPattern("(?m)^a\\s+3\\d\\.\\d%\\s+\\d+$").contains("a: (");
        Run stats = admin("stats", "c", "--admin", admin);
        assertThat(stats.out()).containsPattern("(?m)^curr_items\\s+\\d+$").containsPattern("(?m)^cluster_members\\s+3$");
        Run unknown = admin("stats", "zz", "--admin", admin);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no member zz (members: [a, b, c])");
    }

    @Test
    @Order(4)
    void theDashboardSeesAFourthMemberJoin() throws Exception {
        cluster.start("d");
        awaitMembers(Set.of("a", "b", "c", "d"));
        await().atMost(SEE).untilAsserted(() -> assertThat(arcOwners()).isEqualTo(Set.of("a", "b", "c", "d")));
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(5)
    void ringcacheAdminMakesANodeLeaveAndTheDashboardDropsIt() throws Exception {
        // signed with a secret other than the cluster's: refused, nobody leaves
        java.nio.file.Path wrong = Files.createTempFile("ringcache-wrong-secret-", ".key");
        Files.writeString(wrong, "not this cluster's secret at all");
        Run refused = admin("leave", "c", "--admin", "127.0.0.1:" + cluster.adminPort("a"), "--cluster-secret-file",
                wrong.toString());
        Files.delete(wrong);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("403", "not signed with this cluster's secret");
        assertThat(cluster.member("c").node().state().inRing()).isTrue();
        Run leave = admin("leave", "c", "--admin", "127.0.0.1:" + cluster.adminPort("a"), "--cluster-secret-file",
                io.ringcache.node.cluster.TestSecret.file().toString());
        assertThat(leave.exit()).as(leave.err()).isZero();
        assertThat(leave.out()).contains("c is leaving").containsPattern("c left the ring: epoch \\d+, 3 members");
        cluster.forget("c");
        awaitMembers(Set.of("a", "b", "d"));
        await().atMost(SEE).untilAsserted(() -> assertThat(arcOwners()).isEqualTo(Set.of("a", "b", "d")));
        List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(problems).as("browser console").isEmpty();
    }

    /** {@code /api/cluster}: every member with its share (adding up to 1), arcs, zone, admin URL and stats; all ready. */
    private void assertTheViewShowsEveryMember(long copies) throws Exception {
        await().atMost(SEE).untilAsserted(() -> {
            Map<String, Object> view = JSON.std.mapFrom(AdminHttp.get(cluster.adminPort("a"), "/api/cluster").body());
            assertThat(view.get("self")).isEqualTo("a");
            double shares = 0;
            long items = 0;
            for (Object o : (List<?>) view.get("members")) {
                Map<?, ?> m = (Map<?, ?>) o;
                shares += ((Number) m.get("share")).doubleValue();
                assertThat((List<?>) m.get("arcs")).as("arcs of %s", m.get("id")).isNotEmpty();
                assertThat(m.get("zone")).isEqualTo("zone-" + m.get("id"));
                assertThat(m.get("adminUrl")).isEqualTo("http://127.0.0.1:" + cluster.adminPort((String) m.get("id")) + "/");
                items += Long.parseLong((String) ((Map<?, ?>) m.get("stats")).get("curr_items"));
            }
            assertThat(shares).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(items).isEqualTo(copies);
        });
        for (LocalCluster.Member m : cluster.members()) {
            assertThat(AdminHttp.get(m.adminPort(), "/health").body()).as(m.id()).isEqualTo("ready\n");
        }
        String metrics = AdminHttp.get(cluster.adminPort("a"), "/metrics").body();
        assertThat(AdminHttp.sample(metrics, "ringcache_members{state=\"up\"}")).isEqualTo(3);
        assertThat(AdminHttp.sample(metrics, "ringcache_peers_connected")).isEqualTo(2);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AdminCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Waits until the members table lists exactly {@code ids}, every one up. */
    private void awaitMembers(Set<String> ids) {
        await().atMost(SEE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<String> rows = strings("return [...document.querySelectorAll('#members tbody tr')]"
                    + ".map(r => r.dataset.member + ' ' + r.dataset.state)");
            assertThat(rows).containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> id + " up").toList());
        });
    }

    /** Who owns the arcs drawn, read in one script: the page redraws every second, so elements go stale. */
    private Set<String> arcOwners() {
        return Set.copyOf(strings("return [...document.querySelectorAll('#ring path.arc')].map(p => p.dataset.member)"));
    }

    private List<String> strings(String script) {
        return ((List<?>) browser.executeScript(script)).stream().map(String::valueOf).toList();
    }

    /** Pipelined gets of one key, 100 at a time, until told to stop (at most 60 s). */
    private static void runLoad(int port, AtomicBoolean loading, AtomicLong sent) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (TextConnection c = new TextConnection(port)) {
            c.transcript("set hot 0 0 3\r\nyes\r\n");
            String batch = "get hot\r\n".repeat(99) + "mn\r\n";
            while (loading.get() && System.nanoTime() < deadline) {
                c.send(batch);
                c.readUntilLine("MN");
                sent.addAndGet(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
