package io.ringcache.node.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the openssl command (never checked in): a CA, and leaf
 * certificates it signs for 127.0.0.1 (EC P-256, valid two days). Files live in a temporary folder
 * removed when the JVM exits.
 */
public final class TestCertificates {

    /** One certificate: its chain file, its PKCS#8 key and the CA that signed it. */
    public record Leaf(Path chain, Path key, Path ca) {
    }

    private final Path dir;
    private final String name;

    private TestCertificates(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** A new CA called {@code name}. */
    public static TestCertificates authority(String name) {
        try {
            Path dir = Files.createTempDirectory("ringcache-tls-" + name + "-");
            dir.toFile().deleteOnExit();
            TestCertificates ca = new TestCertificates(dir, name);
            ca.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", ca.file("ca.key"), "-out", ca.file("ca.crt"), "-days", "2",
                    "-subj", "/CN=ringcache test CA " + name);
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    /** A leaf certificate for {@code cn}, valid for the address 127.0.0.1 (server and client use). */
    public Leaf leaf(String cn) {
        try {
            Path ext = dir.resolve(cn + ".ext");
            Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\n");
            openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", file(cn + ".key"), "-out", file(cn + ".csr"), "-subj", "/CN=" + cn);
            openssl("x509", "-req", "-in", file(cn + ".csr"), "-CA", file("ca.crt"), "-CAkey", file("ca.key"),
                    "-CAcreateserial", "-out", file(cn + ".crt"), "-days", "2", "-extfile", ext.toString());
            for (String f : List.of(cn + ".key", cn + ".crt", cn + ".csr", cn + ".ext")) {
                dir.resolve(f).toFile().deleteOnExit();
            }
            return new Leaf(dir.resolve(cn + ".crt"), dir.resolve(cn + ".key"), caCert());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String file(String f) {
        dir.resolve(f).toFile().deleteOnExit();
        return dir.resolve(f).toString();
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl did not finish: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IOException("openssl failed (" + name + "): " + command + "\n" + out);
        }
    }
}
