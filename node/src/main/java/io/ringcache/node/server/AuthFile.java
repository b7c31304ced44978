package io.ringcache.node.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * memcached's {@code -Y} authfile: one {@code user:password} a line (memcached's "user:pass\n"
 * format; blank lines are skipped, a line without a colon is refused when read). Immutable.
 * Passwords are compared in time independent of where they differ.
 */
public final class AuthFile {

    /** memcached reads at most this many entries; so do we (every limit is enforced). */
    public static final int MAX_ENTRIES = 8192;

    private final Map<String, byte[]> passwords;

    private AuthFile(Map<String, byte[]> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    public static AuthFile read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the authfile " + file, e);
        }
    }

    static AuthFile parse(List<String> lines, String name) {
        Map<String, byte[]> entries = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || colon == line.length() - 1 || line.substring(0, colon).contains(" ")) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + ": not user:password");
            }
            if (entries.size() == MAX_ENTRIES) {
                throw new IllegalArgumentException(name + ": more than " + MAX_ENTRIES + " entries");
            }
            entries.put(line.substring(0, colon), line.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(name + " has no user:password line");
        }
        return new AuthFile(entries);
    }

    /** Whether {@code user} with {@code password} is in the file. */
    public boolean accepts(String user, byte[] password) {
        byte[] expected = passwords.get(user);
        // compare against something of the same shape for an unknown user too
        return MessageDigest.isEqual(expected == null ? new byte[password.length + 1] : expected, password)
                && expected != null;
    }

    public int size() {
        return passwords.size();
    }
}
