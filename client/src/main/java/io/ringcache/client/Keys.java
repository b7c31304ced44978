package io.ringcache.client;

import java.nio.charset.StandardCharsets;

/** Key rules of the text protocol, checked before anything is sent. */
final class Keys {
  /** memcached's KEY_MAX_LENGTH. */
  static final int MAX_KEY_BYTES = 250;

  private Keys() {}

  /** The key's UTF-8 bytes; rejects empty, over-long, whitespace and control characters. */
  static byte[] encode(String key) {
    if (key == null) {
      throw new IllegalArgumentException("key is null");
    }
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      throw new IllegalArgumentException("key is empty");
    }
    if (bytes.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key is " + bytes.length + " bytes, the limit is "
          + MAX_KEY_BYTES);
    }
    for (byte b : bytes) {
      if ((b >= 0 && b <= ' ') || b == 0x7f) {
        throw new IllegalArgumentException("key contains whitespace or a control character: "
            + key.replaceAll("\\p{Cntrl}", "?"));
      }
    }
    return bytes;
  }
}
