package io.ringcache.client;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Blocking calls over {@link AsyncCacheClient}. Each call waits at most about the request timeout
 * (every request future completes by then) and throws the same {@link CacheException} subtypes the
 * futures carry. Never call it on an I/O thread (for example inside a future callback).
 */
public final class BlockingCacheClient<V> {
  private final AsyncCacheClient<V> async;

  public BlockingCacheClient(AsyncCacheClient<V> async) {
    this.async = async;
  }

  public AsyncCacheClient<V> async() {
    return async;
  }

  public V get(String key) { return await(async.get(key)); }
  public CasValue<V> gets(String key) { return await(async.gets(key)); }
  public V getAndTouch(String key, int exptime) { return await(async.getAndTouch(key, exptime)); }
  public Map<String, V> getMulti(Collection<String> keys) { return await(async.getMulti(keys)); }
  public boolean set(String key, int exptime, V value) { return await(async.set(key, exptime, value)); }
  public boolean add(String key, int exptime, V value) { return await(async.add(key, exptime, value)); }
  public boolean replace(String key, int exptime, V value) { return await(async.replace(key, exptime, value)); }
  public boolean append(String key, V value) { return await(async.append(key, value)); }
  public boolean prepend(String key, V value) { return await(async.prepend(key, value)); }
  public StoreResult cas(String key, long casUnique, int exptime, V value) {
    return await(async.cas(key, casUnique, exptime, value));
  }
  public boolean delete(String key) { return await(async.delete(key)); }
  public OptionalLong incr(String key, long delta) { return await(async.incr(key, delta)); }
  public OptionalLong decr(String key, long delta) { return await(async.decr(key, delta)); }
  public boolean touch(String key, int exptime) { return await(async.touch(key, exptime)); }
  public void flushAll() { await(async.flushAll()); }
  public Map<String, String> versions() { return await(async.versions()); }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
