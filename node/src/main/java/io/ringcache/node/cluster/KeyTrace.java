package io.ringcache.node.cluster;

import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.Items;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A diagnostic log of what happens to chosen keys on their way through the cluster (coordinated,
 * replicated, transferred, pulled, dropped), for finding out how a fault scenario's anomaly came
 * about. Off unless the JVM runs with {@code -Dringcache.traceKeys=<prefix>}; then every event on a
 * key starting with that prefix is logged at INFO with its version and (short) value. Callers on
 * the request paths ask {@link #on} first, so that with tracing off no event text is built and no
 * item is looked up again.
 */
final class KeyTrace {

    private static final Logger log = LoggerFactory.getLogger(KeyTrace.class);
    private static final byte[] PREFIX = prefix();

    private KeyTrace() {
    }

    /** Whether any key is traced in this JVM. */
    static boolean enabled() {
        return PREFIX != null;
    }

    static boolean on(ItemKey key) {
        if (PREFIX == null || key.length() < PREFIX.length) {
            return false;
        }
        byte[] k = key.bytes();
        for (int i = 0; i < PREFIX.length; i++) {
            if (k[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** Logs {@code what} happened to {@code key}, with the item now held (or null). */
    static void event(String what, ItemKey key, byte[] item) {
        if (!on(key)) {
            return;
        }
        if (item == null) {
            log.info("trace {} {}: none", key, what);
        } else {
            int n = Math.min(Items.valueLength(item), 24);
            log.info("trace {} {}: v={} value={}", key, what, Long.toUnsignedString(Items.version(item)),
                    new String(item, Items.valueOffset(item), n, StandardCharsets.ISO_8859_1));
        }
    }

    static void event(String what, ItemKey key, String detail) {
        if (on(key)) {
            log.info("trace {} {}: {}", key, what, detail);
        }
    }

    private static byte[] prefix() {
        String p = System.getProperty("ringcache.traceKeys");
        return p == null || p.isEmpty() ? null : p.getBytes(StandardCharsets.US_ASCII);
    }
}
