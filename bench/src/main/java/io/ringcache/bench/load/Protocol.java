package io.ringcache.bench.load;

import java.util.Locale;

/** The memcached protocol a load run speaks: the text protocol, or the binary one. */
public enum Protocol {
  TEXT, BINARY;

  public static Protocol parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("protocol must be text or binary, got '" + name + "'");
    }
  }
}
