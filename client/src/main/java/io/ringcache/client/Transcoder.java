package io.ringcache.client;

/**
 * Turns values into stored bytes plus flags and back. Implementations must be thread-safe; decode
 * runs on an I/O thread, so keep it fast.
 */
public interface Transcoder<V> {
  CachedData encode(V value);

  V decode(CachedData data);
}
