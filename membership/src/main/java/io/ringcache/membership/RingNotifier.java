package io.ringcache.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers ring versions to listeners on one dedicated thread, each listener seeing only versions
 * newer than the last one it got (so subscribing while versions are in flight never repeats or
 * reorders).
 */
final class RingNotifier {

  private static final Logger log = LoggerFactory.getLogger(RingNotifier.class);

  private static final class Slot {
    final RingListener listener;
    /** Last version given to this listener; touched only on the notifier thread. */
    RingVersion last;
    boolean cancelled;

    Slot(RingListener listener) {
      this.listener = listener;
    }
  }

  private final ExecutorService thread;
  /** Confined to the notifier thread. */
  private final List<Slot> slots = new ArrayList<>();

  RingNotifier(String nodeId) {
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ringcache-ring-events-" + nodeId);
      t.setDaemon(true);
      return t;
    });
  }

  /** Subscribes and, if there is one, hands {@code latest} over first. */
  AutoCloseable subscribe(RingListener listener, java.util.function.Supplier<RingVersion> latest) {
    Slot slot = new Slot(listener);
    run(() -> {
      slots.add(slot);
      RingVersion now = latest.get();
      if (now.epoch() > 0) {
        deliver(slot, now);
      }
    });
    return () -> run(() -> {
      slot.cancelled = true;
      slots.remove(slot);
    });
  }

  void publish(RingVersion version) {
    run(() -> {
      for (Slot slot : List.copyOf(slots)) {
        deliver(slot, version);
      }
    });
  }

  void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.shutdownNow();
  }

  private void deliver(Slot slot, RingVersion version) {
    if (slot.cancelled || (slot.last != null && !version.isNewerThan(slot.last))) {
      return;
    }
    slot.last = version;
    try {
      slot.listener.onRing(version);
    } catch (RuntimeException e) {
      log.error("Ring listener {} failed on epoch {}", slot.listener, version.epoch(), e);
    }
  }

  private void run(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException closed) {
      // closed: nothing more is delivered
    }
  }
}
