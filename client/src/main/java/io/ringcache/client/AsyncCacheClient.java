package io.ringcache.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The memcached commands as typed, asynchronous calls, over any {@link KeyRouter} (one node, a ring of
 * them). Values go through a {@link Transcoder}; {@link #withTranscoder} gives a view with another one
 * over the same connections.
 *
 * <p>Keys are Strings of at most 250 UTF-8 bytes without whitespace or control characters; a bad key
 * throws {@link IllegalArgumentException} at the call. Every other failure arrives in the future as a
 * {@link CacheException} subtype. Expiry times are memcached's: seconds up to 30 days, else a Unix
 * time; 0 never expires.
 *
 * <p>Threading: call from any thread; futures complete on I/O threads, so do not block in their
 * callbacks.
 */
public final class AsyncCacheClient<V> {
  /** Keys per get line: keeps each answer (and the line) bounded; batches are pipelined. */
  static final int MAX_KEYS_PER_GET = 100;

  private final KeyRouter router;
  private final Transcoder<V> transcoder;
  /** Null when off (the default). */
  private final NearCache nearCache;

  private AsyncCacheClient(KeyRouter router, Transcoder<V> transcoder, NearCache nearCache) {
    this.router = Objects.requireNonNull(router, "router");
    this.transcoder = Objects.requireNonNull(transcoder, "transcoder");
    this.nearCache = nearCache;
  }

  public static AsyncCacheClient<byte[]> create(KeyRouter router) {
    return new AsyncCacheClient<>(router, Transcoders.bytes(), null);
  }

  /** With a near-cache of hot items (see {@link NearCache} for what it trades). */
  public static AsyncCacheClient<byte[]> create(KeyRouter router, NearCache nearCache) {
    return new AsyncCacheClient<>(router, Transcoders.bytes(), Objects.requireNonNull(nearCache));
  }

  public static AsyncCacheClient<byte[]> create(CommandExecutor node) {
    return create(KeyRouter.single(node));
  }

  public <W> AsyncCacheClient<W> withTranscoder(Transcoder<W> other) {
    return new AsyncCacheClient<>(router, other, nearCache);
  }

  public KeyRouter router() {
    return router;
  }

  /** The near-cache, or null when it is off. */
  public NearCache nearCache() {
    return nearCache;
  }

  /** The value, or null on a miss. */
  public CompletableFuture<V> get(String key) {
    byte[] k = Keys.encode(key);
    if (nearCache != null) {
      RetrievedItem near = nearCache.get(key);
      if (near != null) {
        return CompletableFuture.completedFuture(decode(near));
      }
    }
    return router.execute(k, RetrievalCommand.get(List.of(k), false))
        .thenApply(items -> {
          if (items.isEmpty()) {
            return null;
          }
          remember(items.get(0));
          return decode(items.get(0));
        });
  }

  /** The value and its CAS unique, or null on a miss. */
  public CompletableFuture<CasValue<V>> gets(String key) {
    byte[] k = Keys.encode(key);
    return router.execute(k, RetrievalCommand.get(List.of(k), true))
        .thenApply(items -> items.isEmpty() ? null
            : new CasValue<>(decode(items.get(0)), items.get(0).cas()));
  }

  /** Gets the value and sets a new expiry in one step; null on a miss. */
  public CompletableFuture<V> getAndTouch(String key, int exptime) {
    byte[] k = Keys.encode(key);
    return written(key, router.execute(k, RetrievalCommand.getAndTouch(List.of(k), exptime, false)))
        .thenApply(items -> items.isEmpty() ? null : decode(items.get(0)));
  }

  /**
   * The hits among {@code keys}, in the order of {@code keys} (duplicates once). Keys are grouped by
   * owner and sent to all owners at once; one failing owner fails the whole call.
   */
  public CompletableFuture<Map<String, V>> getMulti(Collection<String> keys) {
    LinkedHashSet<String> unique = new LinkedHashSet<>(keys);
    Map<String, RetrievedItem> near = new java.util.HashMap<>();
    Map<CommandExecutor, List<byte[]>> byOwner = new LinkedHashMap<>();
    for (String key : unique) {
      byte[] k = Keys.encode(key);
      RetrievedItem cached = nearCache == null ? null : nearCache.get(key);
      if (cached != null) {
        near.put(key, cached);
      } else {
        byOwner.computeIfAbsent(router.route(k), owner -> new ArrayList<>()).add(k);
      }
    }
    List<CompletableFuture<List<RetrievedItem>>> parts = new ArrayList<>();
    for (Map.Entry<CommandExecutor, List<byte[]>> owner : byOwner.entrySet()) {
      List<byte[]> ownerKeys = owner.getValue();
      for (int from = 0; from < ownerKeys.size(); from += MAX_KEYS_PER_GET) {
        List<byte[]> batch = List.copyOf(
            ownerKeys.subList(from, Math.min(ownerKeys.size(), from + MAX_KEYS_PER_GET)));
        parts.add(owner.getKey().execute(RetrievalCommand.get(batch, false))
            .exceptionallyCompose(failure -> keyByKey(batch, failure)));
      }
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, RetrievedItem> hits = new java.util.HashMap<>(near);
      for (CompletableFuture<List<RetrievedItem>> part : parts) {
        for (RetrievedItem item : part.join()) {
          hits.put(item.key(), item);
          remember(item);
        }
      }
      Map<String, V> result = new LinkedHashMap<>();
      for (String key : unique) {
        RetrievedItem item = hits.get(key);
        if (item != null) {
          result.put(key, decode(item));
        }
      }
      return result;
    });
  }

  /**
   * A batch whose owner failed: each key is asked again on its own, so the router can send it to its
   * next owner. Failures that no other owner can fix (overload, a server error) are the answer.
   */
  private CompletableFuture<List<RetrievedItem>> keyByKey(List<byte[]> batch, Throwable failure) {
    Throwable cause = RingRouter.causeOf(failure);
    if (!RingRouter.anotherOwnerMayAnswer(cause, RetrievalCommand.get(batch, false))) {
      return CompletableFuture.failedFuture(cause);
    }
    List<CompletableFuture<List<RetrievedItem>>> each = new ArrayList<>(batch.size());
    for (byte[] k : batch) {
      each.add(router.execute(k, RetrievalCommand.get(List.of(k), false)));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<RetrievedItem> items = new ArrayList<>();
      for (CompletableFuture<List<RetrievedItem>> one : each) {
        items.addAll(one.join());
      }
      return items;
    });
  }

  public CompletableFuture<Boolean> set(String key, int exptime, V value) {
    return store(StorageCommand.StorageOp.SET, key, exptime, value, 0).thenApply(AsyncCacheClient::stored);
  }

  /** Stores only if the key is absent. */
  public CompletableFuture<Boolean> add(String key, int exptime, V value) {
    return store(StorageCommand.StorageOp.ADD, key, exptime, value, 0).thenApply(AsyncCacheClient::stored);
  }

  /** Stores only if the key is present. */
  public CompletableFuture<Boolean> replace(String key, int exptime, V value) {
    return store(StorageCommand.StorageOp.REPLACE, key, exptime, value, 0)
        .thenApply(AsyncCacheClient::stored);
  }

  /** Appends the encoded bytes to the existing value (its flags and expiry stay). */
  public CompletableFuture<Boolean> append(String key, V value) {
    return store(StorageCommand.StorageOp.APPEND, key, 0, value, 0).thenApply(AsyncCacheClient::stored);
  }

  public CompletableFuture<Boolean> prepend(String key, V value) {
    return store(StorageCommand.StorageOp.PREPEND, key, 0, value, 0).thenApply(AsyncCacheClient::stored);
  }

  /** Stores only if the item still has the CAS unique {@code casUnique} (from {@link #gets}). */
  public CompletableFuture<StoreResult> cas(String key, long casUnique, int exptime, V value) {
    return store(StorageCommand.StorageOp.CAS, key, exptime, value, casUnique);
  }

  /** Fire-and-forget set ({@code noreply}): completes when written; failures on the server are lost. */
  public CompletableFuture<Void> setNoReply(String key, int exptime, V value) {
    byte[] k = Keys.encode(key);
    CachedData data = transcoder.encode(value);
    return written(key, router.execute(k, new StorageCommand(StorageCommand.StorageOp.SET, k,
        data.flags(), exptime, data.data(), 0, true))).thenApply(r -> null);
  }

  /** True if the key existed. */
  public CompletableFuture<Boolean> delete(String key) {
    byte[] k = Keys.encode(key);
    return written(key, router.execute(k, new KeyCommand.Delete(k, false)));
  }

  /** The new value, or empty if the key is missing; unsigned 64-bit, wraps on overflow. */
  public CompletableFuture<OptionalLong> incr(String key, long delta) {
    byte[] k = Keys.encode(key);
    return written(key, router.execute(k, new KeyCommand.Arithmetic(true, k, delta, false)));
  }

  /** The new value (not below 0), or empty if the key is missing. */
  public CompletableFuture<OptionalLong> decr(String key, long delta) {
    byte[] k = Keys.encode(key);
    return written(key, router.execute(k, new KeyCommand.Arithmetic(false, k, delta, false)));
  }

  /** True if the key existed and got the new expiry. */
  public CompletableFuture<Boolean> touch(String key, int exptime) {
    byte[] k = Keys.encode(key);
    return written(key, router.execute(k, new KeyCommand.Touch(k, exptime, false)));
  }

  /** Invalidates every item on every node. */
  public CompletableFuture<Void> flushAll() {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    if (nearCache != null) {
      nearCache.invalidateAll();
    }
    for (CommandExecutor node : router.nodes()) {
      all.add(node.execute(new ServerCommand.FlushAll(0, false)));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
      if (nearCache != null) {
        nearCache.invalidateAll();
      }
    });
  }

  /** Each node's version string, by node name. */
  public CompletableFuture<Map<String, String>> versions() {
    return perNode(new ServerCommand.Version());
  }

  /** Each node's {@code stats [group]} (null group: general stats), by node name. */
  public CompletableFuture<Map<String, Map<String, String>>> stats(String group) {
    return perNode(new ServerCommand.Stats(group));
  }

  private <T> CompletableFuture<Map<String, T>> perNode(Command<T> command) {
    List<? extends CommandExecutor> nodes = router.nodes();
    List<CompletableFuture<T>> answers = new ArrayList<>();
    for (CommandExecutor node : nodes) {
      answers.add(node.execute(command));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, T> result = new LinkedHashMap<>();
      for (int i = 0; i < nodes.size(); i++) {
        result.put(nodes.get(i).name(), answers.get(i).join());
      }
      return result;
    });
  }

  private CompletableFuture<StoreResult> store(StorageCommand.StorageOp op, String key, int exptime,
      V value, long casUnique) {
    byte[] k = Keys.encode(key);
    CachedData data = transcoder.encode(value);
    return written(key, router.execute(k, new StorageCommand(op, k, data.flags(), exptime,
        data.data(), casUnique, false)));
  }

  /** Drops {@code key} from the near-cache now and again once the write is answered. */
  private <T> CompletableFuture<T> written(String key, CompletableFuture<T> write) {
    if (nearCache == null) {
      return write;
    }
    nearCache.invalidate(key);
    return write.whenComplete((answer, failure) -> nearCache.invalidate(key));
  }

  private void remember(RetrievedItem item) {
    if (nearCache != null) {
      nearCache.put(item);
    }
  }

  private V decode(RetrievedItem item) {
    // a near-cached item is shared: the caller gets its own copy of the bytes
    byte[] data = nearCache == null ? item.data() : item.data().clone();
    return transcoder.decode(new CachedData(item.flags(), data));
  }

  private static boolean stored(StoreResult result) {
    return result == StoreResult.STORED;
  }
}
