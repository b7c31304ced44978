package io.ringcache.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.ringcache.node.CacheNode;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.testing.TextConnection;
import io.ringcache.ring.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin port of a standalone node, over real sockets: metrics, health, the API, the dashboard files and the limits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminServerTest {

    private CacheNode node;
    private AdminServer admin;

    @BeforeEach
    void start() {
        CommandLatency latency = new CommandLatency();
        node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(1)
                .commandObserver(latency).build());
        admin = AdminServer.start("127.0.0.1", 0, new AdminSources(node.statsReport(), null, latency, null,
                HostPort.format("127.0.0.1", node.port()), null));
    }

    @AfterEach
    void stop() {
        admin.close();
        node.close();
    }

    @Test
    void metricsFollowTheCommandsClientsSend() throws Exception {
        String before = AdminHttp.get(admin.port(), "/metrics").body();
        assertThat(AdminHttp.sample(before, "ringcache_commands_total{command=\"get\"}")).isZero();
        try (TextConnection c = new TextConnection(node.port())) {
            assertThat(c.transcript("set a 0 0 1\r\nx\r\nget a b\r\nmg a v\r\ndelete a\r\n"))
                    .isEqualTo("STORED\r\nVALUE a 0 1\r\nx\r\nEND\r\nVA 1\r\nx\r\nDELETED\r\n");
        }
        HttpResponse<String> response = AdminHttp.get(admin.port(), "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String m = response.body();
        assertThat(AdminHttp.sample(m, "ringcache_commands_total{command=\"get\"}")).isEqualTo(3); // get a b, mg a
        assertThat(AdminHttp.sample(m, "ringcache_command_results_total{command=\"get\",result=\"hit\"}")).isEqualTo(2);
        assertThat(AdminHttp.sample(m, "ringcache_command_results_total{command=\"get\",result=\"miss\"}")).isEqualTo(1);
        assertThat(AdminHttp.sample(m, "ringcache_command_results_total{command=\"delete\",result=\"hit\"}")).isEqualTo(1);
        assertThat(AdminHttp.sample(m, "ringcache_items")).isZero();
        assertThat(AdminHttp.sample(m, "ringcache_items_stored_total")).isEqualTo(1);
        assertThat(AdminHttp.sample(m, "ringcache_memory_limit_bytes")).isEqualTo(64 * 1024 * 1024);
        assertThat(AdminHttp.sample(m, "ringcache_connections_accepted_total")).isEqualTo(1);
        // one observation per command, by kind
        assertThat(AdminHttp.sample(m, "ringcache_command_duration_seconds_count{command=\"set\"}")).isEqualTo(1);
        assertThat(AdminHttp.sample(m, "ringcache_command_duration_seconds_count{command=\"get\"}")).isEqualTo(1);
        assertThat(AdminHttp.sample(m, "ringcache_command_duration_seconds_count{command=\"mg\"}")).isEqualTo(1);
        assertThat(AdminHttp.sample(m, "ringcache_command_duration_seconds_bucket{command=\"delete\",le=\"+Inf\"}")).isEqualTo(1);
        assertThat(m).contains("# TYPE ringcache_commands_total counter", "ringcache_info{version=\"1.6.18-ringcache");
        assertThat(m).doesNotContain(StatsCollector.UNMAPPED);
    }

    @Test
    void healthAndClusterViewOfAStandaloneNode() throws Exception {
        HttpResponse<String> health = AdminHttp.get(admin.port(), "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ready\n");
        HttpResponse<String> api = AdminHttp.get(admin.port(), "/api/cluster");
        assertThat(api.headers().firstValue("content-type")).contains("application/json");
        Map<String, Object> view = JSON.std.mapFrom(api.body());
        List<?> members = (List<?>) view.get("members");
        assertThat(members).hasSize(1);
        Map<?, ?> self = (Map<?, ?>) members.get(0);
        assertThat(self.get("state")).isEqualTo("up");
        assertThat(self.get("adminUrl")).isEqualTo("http://127.0.0.1:" + admin.port() + "/");
        assertThat(((Map<?, ?>) self.get("stats")).get("admin_port")).isEqualTo(Integer.toString(admin.port()));
    }

    @Test
    void servesTheDashboardFromTheJar() throws Exception {
        HttpResponse<String> page = AdminHttp.get(admin.port(), "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"dashboard.js\"></script>").doesNotContain("https://");
        assertThat(AdminHttp.get(admin.port(), "/dashboard.js").body()).contains("api/cluster");
        assertThat(AdminHttp.get(admin.port(), "/dashboard.css").statusCode()).isEqualTo(200);
        HttpResponse<String> missing = AdminHttp.get(admin.port(), "/nothing-here");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(AdminHttp.post(admin.port(), "/metrics").statusCode()).isEqualTo(405);
    }

    @Test
    void leaveIsPostOnlyAndNeedsACluster() throws Exception {
        assertThat(AdminHttp.get(admin.port(), "/api/leave").statusCode()).isEqualTo(405);
        HttpResponse<String> standalone = AdminHttp.post(admin.port(), "/api/leave");
        assertThat(standalone.statusCode()).isEqualTo(409);
        assertThat(standalone.body()).contains("not a cluster member");
    }

    @Test
    void requestsOverTheLimitsAreRefusedAndTheNextOneServed() throws Exception {
        String longPath = "/" + "a".repeat(AdminServer.MAX_REQUEST_LINE);
        assertThat(raw("GET " + longPath + " HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 414");
        assertThat(raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(AdminServer.MAX_HEADERS) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431");
        assertThat(raw("POST /api/leave HTTP/1.1\r\nHost: x\r\nContent-Length: " + (AdminServer.MAX_BODY + 1)
                + "\r\n\r\n")).startsWith("HTTP/1.1 413");
        // just under the limits is served
        assertThat(raw("GET /health?" + "a".repeat(AdminServer.MAX_REQUEST_LINE - 100) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        assertThat(AdminHttp.get(admin.port(), "/health").statusCode()).isEqualTo(200);
    }

    /** Sends {@code request} on a fresh connection, returns the status line. */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", admin.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\r' && line.length() < 200; b = in.read()) {
                line.append((char) b);
            }
            return line.toString();
        }
    }
}
