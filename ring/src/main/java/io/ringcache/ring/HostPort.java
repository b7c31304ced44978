package io.ringcache.ring;

import java.util.Objects;

/**
 * A network address as every ringcache module writes and reads it: {@code host:port}, with an IPv6
 * literal in brackets ({@code [::1]:11211}). It lives in the ring module only because that is the
 * module every other one depends on; it does no I/O (the caller resolves the host).
 *
 * <p>For the member addresses older nodes publish, an unbracketed IPv6 literal is read too: the
 * port follows the last colon ({@code ::1:11211}). Written forms always bracket IPv6.
 */
public record HostPort(String host, int port) {

    /** Longest text {@link #parse} reads: a DNS name (253) plus brackets, colon and port. */
    public static final int MAX_LENGTH = 263;

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.indexOf('[') >= 0 || host.indexOf(']') >= 0
                || host.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("bad host '" + host + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
    }

    /**
     * Reads {@code host:port}, {@code [ipv6]:port} or {@code ipv6:port}; surrounding blanks are
     * ignored. Throws {@link IllegalArgumentException} saying what is wrong.
     */
    public static HostPort parse(String text) {
        Objects.requireNonNull(text, "address");
        String s = text.strip();
        if (s.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("address longer than " + MAX_LENGTH + " characters: '"
                    + s.substring(0, 40) + "...'");
        }
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw notHostPort(text);
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon <= 0) {
                throw notHostPort(text);
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw notHostPort(text);
        }
        return new HostPort(host, parsePort(port, text));
    }

    /** Whether the host is an IPv6 literal (it has a colon). */
    public boolean ipv6() {
        return host.indexOf(':') >= 0;
    }

    /** {@code host:port}, an IPv6 literal in brackets; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return ipv6() ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** {@code host:port} for an address given as separate parts, e.g. {@code format("::1", 11211)}. */
    public static String format(String host, int port) {
        return new HostPort(host, port).toString();
    }

    private static int parsePort(String digits, String text) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad port in '" + text + "' (host:port, IPv6 as [::1]:11211)");
        }
        int port = Integer.parseInt(digits);
        if (port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535 in '" + text + "'");
        }
        return port;
    }

    private static IllegalArgumentException notHostPort(String text) {
        return new IllegalArgumentException("'" + text + "' is not host:port (IPv6 as [::1]:11211)");
    }
}
