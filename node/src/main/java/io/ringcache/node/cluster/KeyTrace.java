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
 * key starting with that prefix (or one of several, comma-separated) is logged at INFO with its version and (short) value. Callers on
 * the request paths ask {@link #on} first, so that with tracing off no event text is built and no
 * item is looked up again.
 */
final class KeyTrace {

    private static final Logger log = LoggerFactory.getLogger(KeyTrace.class);
    private static final byte[][] PREFIXES = prefixes();

    private KeyTrace() {
    }

    /** Whether any key is traced in this JVM. */
    static boolean enabled() {
        return PREFIXES != null;
    }

    static boolean on(ItemKey key) {
        if (PREFIXES == null) {
            return false;
        }
        for (byte[] prefix : PREFIXES) {
            if (startsWith(key, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(ItemKey key, byte[] prefix) {
        if (key.length() < prefix.length) {
            return false;
        }
        byte[] k = key.bytes();
        for (int i = 0; i < prefix.length; i++) {
            if (k[i] != prefix[i]) {
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

    private static byte[][] prefixes() {
        String p = System.getProperty("ringcache.traceKeys");
        if (p == null || p.isEmpty()) {
            return null;
        }
        return java.util.Arrays.stream(p.split(",")).filter(x -> !x.isEmpty())
                .map(x -> x.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    }
}
