package io.ringcache.node.server;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * TLS as memcached configures it: {@code -Z} turns it on, {@code -o} names the files with
 * memcached's own option names. Immutable; built from the {@code -o} list by {@link #parse}.
 *
 * <pre>
 * -o ssl_chain_cert=&lt;pem&gt;   certificate chain (required)
 *    ssl_key=&lt;pem&gt;          private key, PKCS#8 (required; memcached also reads it from the chain file, we do not)
 *    ssl_ca_cert=&lt;pem&gt;      CAs whose client certificates are accepted (and, with --peer-tls, peers')
 *    ssl_verify_mode=0|1|2   client certificate: 0 none (default), 1 requested, 2 required
 *    ssl_min_version=2|3     TLS 1.2 (default) or 1.3; memcached's 0 and 1 (TLS 1.0, 1.1) are refused
 * </pre>
 *
 * The engine is OpenSSL (BoringSSL, netty-tcnative) when it loads on this machine, else the JDK's.
 */
public record TlsOptions(File chainCert, File key, File caCert, int verifyMode, String minVersion) {

    public static final List<String> NAMES = List.of("ssl_chain_cert", "ssl_key", "ssl_ca_cert", "ssl_verify_mode",
            "ssl_min_version");

    /**
     * Reads memcached's {@code -o} options (comma-separated {@code name=value}); returns null when none
     * of them is a TLS option. Any name this node does not know is refused, not ignored.
     */
    public static TlsOptions parse(List<String> extended) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String item : extended) {
            for (String option : item.split(",")) {
                if (option.isBlank()) {
                    continue;
                }
                int eq = option.indexOf('=');
                String name = eq < 0 ? option.strip() : option.substring(0, eq).strip();
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("-o " + name + ": not an option this node knows (it knows "
                            + String.join(", ", NAMES) + ")");
                }
                if (eq < 0) {
                    throw new IllegalArgumentException("-o " + name + " needs a value (" + name + "=...)");
                }
                options.put(name, option.substring(eq + 1).strip());
            }
        }
        if (options.isEmpty()) {
            return null;
        }
        String chain = options.get("ssl_chain_cert");
        String key = options.get("ssl_key");
        if (chain == null || key == null) {
            throw new IllegalArgumentException("TLS needs -o ssl_chain_cert=<pem>,ssl_key=<pem>");
        }
        int verify = switch (options.getOrDefault("ssl_verify_mode", "0")) {
            case "0" -> 0;
            case "1" -> 1;
            case "2" -> 2;
            default -> throw new IllegalArgumentException("ssl_verify_mode must be 0, 1 or 2");
        };
        String min = switch (options.getOrDefault("ssl_min_version", "2")) {
            case "2" -> "TLSv1.2";
            case "3" -> "TLSv1.3";
            default -> throw new IllegalArgumentException("ssl_min_version must be 2 (TLS 1.2) or 3 (TLS 1.3)");
        };
        String ca = options.get("ssl_ca_cert");
        if (verify > 0 && ca == null) {
            throw new IllegalArgumentException("ssl_verify_mode " + verify + " needs ssl_ca_cert=<pem>");
        }
        return new TlsOptions(readable(chain), readable(key), ca == null ? null : readable(ca), verify, min);
    }

    private static File readable(String path) {
        File f = new File(path);
        if (!f.canRead()) {
            throw new IllegalArgumentException("cannot read " + path);
        }
        return f;
    }

    /** OpenSSL when netty-tcnative loads here, else the JDK's engine. */
    public static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** The client port's context: this node's certificate, client certificates as ssl_verify_mode says. */
    public SslContext serverContext() {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(chainCert, key).sslProvider(provider())
                    .protocols(protocols())
                    .clientAuth(switch (verifyMode) {
                        case 1 -> ClientAuth.OPTIONAL;
                        case 2 -> ClientAuth.REQUIRE;
                        default -> ClientAuth.NONE;
                    });
            if (caCert != null) {
                b.trustManager(caCert);
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS: " + e.getMessage(), e);
        }
    }

    /** The peer listener's context: mutual TLS, a peer's certificate must chain to ssl_ca_cert. */
    public SslContext peerServerContext() {
        requireCa();
        try {
            return SslContextBuilder.forServer(chainCert, key).sslProvider(provider()).protocols(protocols())
                    .clientAuth(ClientAuth.REQUIRE).trustManager(caCert).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("peer TLS: " + e.getMessage(), e);
        }
    }

    /**
     * What this node presents when it connects to a peer: its own certificate, and it accepts only a
     * peer whose certificate chains to ssl_ca_cert and names the address it dialled.
     */
    public SslContext peerClientContext() {
        requireCa();
        try {
            return SslContextBuilder.forClient().sslProvider(provider()).protocols(protocols())
                    .keyManager(chainCert, key).trustManager(caCert).endpointIdentificationAlgorithm("HTTPS").build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("peer TLS: " + e.getMessage(), e);
        }
    }

    private void requireCa() {
        if (caCert == null) {
            throw new IllegalArgumentException("peer TLS (--peer-tls) needs -o ssl_ca_cert=<pem>: the CA of the members' certificates");
        }
    }

    private String[] protocols() {
        return minVersion.equals("TLSv1.3") ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"};
    }
}
