package io.ringcache.node.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The dashboard's files, shipped in the jar (no CDN), read once at start. */
final class StaticAssets {

    record Asset(byte[] bytes, String contentType) {
    }

    private static final String DIR = "/io/ringcache/node/admin/dashboard/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    private final Map<String, Asset> byPath;

    private StaticAssets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    static StaticAssets load() {
        Map<String, Asset> byPath = new LinkedHashMap<>();
        FILES.forEach((name, type) -> {
            try (InputStream in = StaticAssets.class.getResourceAsStream(DIR + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard file missing from the jar: " + DIR + name);
                }
                byPath.put("/" + name, new Asset(in.readAllBytes(), type));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byPath.put("/", byPath.get("/index.html"));
        return new StaticAssets(Map.copyOf(byPath));
    }

    /** The file served at {@code path}, or null. */
    Asset get(String path) {
        return byPath.get(path);
    }
}
