package io.ringcache.node.admin;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.ringcache.client.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's Prometheus server (package prometheus, which .ci/run installs) on a free port of
 * 127.0.0.1, scraping the given admin ports every second, its data in a temporary directory.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Skips the test where Prometheus is not installed, except in CI, where it fails. */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(BINARY);
        if (!installed && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must install prometheus (.ci/run)");
        }
        assumeTrue(installed, "prometheus is not installed: apt-get install -y prometheus");
    }

    static PrometheusServer scraping(List<Integer> adminPorts) throws IOException {
        Path dir = Files.createTempDirectory("ringcache-prometheus-");
        String targets = adminPorts.stream().map(p -> "'127.0.0.1:" + p + "'").collect(Collectors.joining(", "));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: ringcache
                    static_configs:
                      - targets: [%s]
                """.formatted(targets));
        int port = FreePorts.next();
        Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return new PrometheusServer(p, dir, port);
    }

    /** The {@code data.result} of an instant query through the HTTP API (empty until Prometheus answers). */
    List<Map<String, Object>> query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("prometheus answered " + r.statusCode() + ": " + r.body());
        }
        Map<String, Object> body = JSON.std.mapFrom(r.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> result = (List<Map<String, Object>>) ((Map<?, ?>) body.get("data")).get("result");
        return result;
    }

    /** A sample's value: {@code value} is [time, "number"]. */
    static double value(Map<String, Object> sample) {
        return Double.parseDouble(String.valueOf(((List<?>) sample.get("value")).get(1)));
    }

    static String label(Map<String, Object> sample, String name) {
        return String.valueOf(((Map<?, ?>) sample.get("metric")).get(name));
    }

    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
