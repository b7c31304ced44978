package io.ringcache.node.admin;

import com.fasterxml.jackson.jr.ob.JSON;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each admin path answers, apart from HTTP plumbing ({@link AdminHandler}). Answers that need
 * other members (the cluster view, health) complete later; nothing here blocks.
 */
final class AdminRoutes {

    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);

    /**
     * A mutating call must carry this header, signed with the cluster secret ({@link LeaveProof}); a
     * browser page of another origin could not even add it without a CORS preflight, never granted here.
     */
    static final String MUTATION_HEADER = LeaveProof.HEADER;

    /** One answer: status, content type, body. */
    record Answer(HttpResponseStatus status, String contentType, byte[] body) {
        static Answer text(HttpResponseStatus status, String text) {
            return new Answer(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
        }

        static Answer json(HttpResponseStatus status, Object value) {
            try {
                return new Answer(status, "application/json", JSON.std.asBytes(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter textFormat = PrometheusTextFormatWriter.create();
    private final ClusterWatch watch;
    private final AdminSources sources;
    private final Readiness readiness;
    private final StaticAssets assets;

    AdminRoutes(PrometheusRegistry registry, ClusterWatch watch, AdminSources sources, Readiness readiness,
            StaticAssets assets) {
        this.registry = registry;
        this.watch = watch;
        this.sources = sources;
        this.readiness = readiness;
        this.assets = assets;
    }

    CompletableFuture<Answer> answer(HttpMethod method, String path, HttpHeaders headers) {
        if (path.equals("/api/leave")) {
            return CompletableFuture.completedFuture(method.equals(HttpMethod.POST) ? leave(headers)
                    : Answer.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST only"));
        }
        if (!method.equals(HttpMethod.GET)) {
            return CompletableFuture.completedFuture(Answer.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only"));
        }
        switch (path) {
            case "/metrics":
                return CompletableFuture.completedFuture(metrics());
            case "/health":
                return watch.view().thenApply(view -> {
                    Readiness.Status s = readiness.of(sources.cluster() == null ? null : sources.cluster().get(), view);
                    return Answer.text(s.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                            s.reason());
                });
            case "/api/cluster":
                return watch.view().thenApply(view -> Answer.json(HttpResponseStatus.OK, view.json()));
            default:
                StaticAssets.Asset asset = assets.get(path);
                return CompletableFuture.completedFuture(asset == null
                        ? Answer.text(HttpResponseStatus.NOT_FOUND, "no such page: " + path)
                        : new Answer(HttpResponseStatus.OK, asset.contentType(), asset.bytes()));
        }
    }

    private Answer metrics() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            textFormat.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Answer(HttpResponseStatus.OK, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
    }

    private Answer leave(HttpHeaders headers) {
        if (sources.leave() == null || sources.cluster() == null) {
            return Answer.text(HttpResponseStatus.CONFLICT, "not a cluster member: nothing to leave");
        }
        String self = sources.cluster().get().selfId();
        String refusal = LeaveProof.refusal(sources.secret(), self, headers.get(MUTATION_HEADER),
                System.currentTimeMillis() / 1000);
        if (refusal != null) {
            log.warn("refused a leave request on the admin port: {}", refusal);
            return Answer.text(HttpResponseStatus.FORBIDDEN, refusal);
        }
        log.info("leaving the cluster: asked on the admin port");
        Thread leaving = new Thread(sources.leave(), "ringcache-admin-leave");
        leaving.setDaemon(false);
        leaving.start();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leaving", self);
        return Answer.json(HttpResponseStatus.ACCEPTED, body);
    }
}
