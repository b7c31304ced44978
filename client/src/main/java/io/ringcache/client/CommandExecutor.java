package io.ringcache.client;

import java.util.concurrent.CompletableFuture;

/**
 * The one interface every layer offers: send a command, get its result asynchronously. A single
 * connection, a pool of them, and later routing and failover all implement it, so each layer stacks on
 * the one below.
 *
 * <p>Threading: {@link #execute} may be called from any thread and never blocks. Returned futures are
 * completed on a Netty I/O thread: dependent stages must not block (use the {@code *Async} variants
 * with your own executor for slow work). Every future completes, at the latest when the request's
 * timeout expires.
 */
public interface CommandExecutor {

  <T> CompletableFuture<T> execute(Command<T> command);

  /** A stable name for logs, metrics and result maps (node id, or host:port). */
  String name();
}
