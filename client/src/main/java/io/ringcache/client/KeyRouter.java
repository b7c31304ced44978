package io.ringcache.client;

import java.util.List;

/**
 * Chooses the executor that owns a key. A single node, a static ring over plain memcached servers,
 * and later a ring fetched from ringcache nodes all implement it; the typed client only sees this.
 *
 * <p>Threading: called on any thread, must not block; implementations publish topology changes
 * atomically.
 */
public interface KeyRouter {

  /** The executor that owns {@code key} (its primary). */
  CommandExecutor route(byte[] key);

  /**
   * Sends a command about {@code key} to its owner. A router over replicas overrides this to fail
   * over to the key's next owner when the primary is down (see {@link RingRouter}).
   */
  default <T> java.util.concurrent.CompletableFuture<T> execute(byte[] key, Command<T> command) {
    return route(key).execute(command);
  }

  /** Every node, for commands sent to all of them (flush_all, version, stats). */
  List<? extends CommandExecutor> nodes();

  static KeyRouter single(CommandExecutor executor) {
    List<CommandExecutor> all = List.of(executor);
    return new KeyRouter() {
      @Override
      public CommandExecutor route(byte[] key) {
        return executor;
      }

      @Override
      public List<CommandExecutor> nodes() {
        return all;
      }
    };
  }
}
