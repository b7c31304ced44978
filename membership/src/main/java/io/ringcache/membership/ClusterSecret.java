package io.ringcache.membership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every member of one cluster knows, and nobody else: gossip messages carry an HMAC made
 * with it and peer connections open with a challenge-response over it. Read from a file (never a
 * flag: a flag shows in {@code ps}); the file must not be readable by group or others, as ssh asks
 * of a private key.
 *
 * <p>Each use gets its own key, {@code HMAC-SHA256(secret, purpose)}, so a MAC made for gossip can
 * never stand in for a handshake proof. Immutable; {@link #mac(String)} returns a fresh {@link Mac}
 * (a Mac is not thread-safe; callers keep one per thread or per connection).
 */
public final class ClusterSecret {

  /** The environment variable that may name the secret file instead of the flag. */
  public static final String ENVIRONMENT_VARIABLE = "RINGCACHE_CLUSTER_SECRET_FILE";
  /** Fewer bytes than this are refused: a short secret is a guessable one. */
  public static final int MIN_BYTES = 16;
  /** More bytes than this are refused: a secret file is a key, not a document. */
  public static final int MAX_BYTES = 4096;
  public static final String ALGORITHM = "HmacSHA256";

  private final byte[] secret;

  private ClusterSecret(byte[] secret) {
    if (secret.length < MIN_BYTES || secret.length > MAX_BYTES) {
      throw new IllegalArgumentException("a cluster secret must have " + MIN_BYTES + " to " + MAX_BYTES
          + " bytes (after trimming surrounding whitespace), had " + secret.length);
    }
    this.secret = secret;
  }

  /** A secret from bytes already in hand (tests, and the file reader below). */
  public static ClusterSecret of(byte[] secret) {
    return new ClusterSecret(secret.clone());
  }

  /**
   * Reads the secret file: its content with surrounding whitespace trimmed (a trailing newline is
   * not part of the secret). Refuses a file that group or others may read or write.
   */
  public static ClusterSecret read(Path file) {
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
          if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
            throw new IllegalArgumentException("cluster secret file " + file + " is accessible by others ("
                + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "); chmod 600 it");
          }
        }
      }
      byte[] raw = Files.readAllBytes(file);
      return new ClusterSecret(trim(raw));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cluster secret file " + file, e);
    }
  }

  private static byte[] trim(byte[] raw) {
    int from = 0;
    int to = raw.length;
    while (from < to && Character.isWhitespace(raw[from])) {
      from++;
    }
    while (to > from && Character.isWhitespace(raw[to - 1])) {
      to--;
    }
    return Arrays.copyOfRange(raw, from, to);
  }

  /** A fresh HMAC-SHA256 keyed for {@code purpose} (e.g. "gossip", "peer-handshake"). */
  public Mac mac(String purpose) {
    try {
      Mac derive = Mac.getInstance(ALGORITHM);
      derive.init(new SecretKeySpec(secret, ALGORITHM));
      byte[] key = derive.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** Compares two MACs in time independent of where they differ. */
  public static boolean macsEqual(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  @Override
  public String toString() {
    return "ClusterSecret[" + secret.length + " bytes]"; // never the bytes
  }
}
