package io.ringcache.node.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.ringcache.ring.HostPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Talks to a node's admin port: the cluster view ({@code GET /api/cluster}) and {@code POST /api/leave}. */
final class AdminClient {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** The cluster as the node at {@code admin} sees it. */
    Map<String, Object> cluster(HostPort admin) throws IOException, InterruptedException {
        return cluster("http://" + admin + "/");
    }

    Map<String, Object> cluster(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "api/cluster")).timeout(TIMEOUT)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(baseUrl + "api/cluster answered " + r.statusCode() + ": " + r.body().strip());
        }
        return JSON.std.mapFrom(r.body());
    }

    /** Asks the node whose admin port is at {@code baseUrl} to leave the cluster gracefully, proving the secret. */
    void leave(String baseUrl, String proof) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "api/leave")).timeout(TIMEOUT)
                .header("X-Ringcache-Admin", proof).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IOException(baseUrl + "api/leave answered " + r.statusCode() + ": " + r.body().strip());
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> members(Map<String, Object> view) {
        return (List<Map<String, Object>>) view.get("members");
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> stats(Map<String, Object> member) {
        Object s = member.get("stats");
        return s == null ? Map.of() : (Map<String, String>) s;
    }
}
