package io.ringcache.node.cluster;

import io.ringcache.node.store.ItemKey;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a graceful exit: hands every item this node holds to the owners that are new for it once
 * this node is gone ({@link Topology#withoutSelf}), so that with RF 1 nothing is lost and with more
 * the copies are back at RF without waiting for the survivors' walks (a duplicate is refused as
 * such, mode add).
 *
 * <p>The owners refuse until they adopt the ring without this node, a moment after it announced its
 * leave, so what was refused or failed is sent again, after pauses that double from 50 ms up to a
 * second, until all of it landed or the timeout passed. A target that is leaving as well (it says
 * so) or not connected is taken out of the ring too, and the store judged again against that ring;
 * when no member is left to take anything, it stops at once (the whole cluster is stopping). Runs on
 * the caller's thread, the one that closes the node.
 */
final class LeaveHandoff {
    private static final Logger log = LoggerFactory.getLogger(LeaveHandoff.class);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 1_000;

    private final TransferWalk.Sender sender;

    LeaveHandoff(TransferWalk.Sender sender) {
        this.sender = sender;
    }

    /**
     * @param current the ring this node served by, with itself in it
     * @param routeBy is given every ring the handoff goes by, so that requests still arriving here
     *     follow the items
     * @return the items whose transfer did not land
     */
    long run(Topology current, Consumer<Topology> routeBy, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String self = sender.selfId();
        SortedSet<String> gone = new TreeSet<>();
        Topology after = current.withoutSelf(self, gone);
        routeBy.accept(after);
        Iterable<ItemKey> pending = sender.store().keys();
        long sent = 0;
        long left = 0;
        long pauseMillis = FIRST_PAUSE_MILLIS;
        int round = 1;
        for (; ; round++) {
            if (after.ring().isEmpty()) {
                left = sender.store().itemCount();
                log.warn("leaving: every other member is leaving or unreachable ({}): the cluster is stopping, {} items go with it",
                        gone, left);
                break;
            }
            TransferWalk w = new TransferWalk(sender, current.ring(), after.ring(), false, () -> true);
            long considered = 0;
            boolean outOfTime = false;
            for (ItemKey key : pending) {
                if ((++considered & 1023) == 0 && System.nanoTime() > deadline) {
                    outOfTime = true;
                    break;
                }
                w.consider(key);
            }
            w.awaitAcks();
            sent += w.sent.get();
            left = outOfTime ? Math.max(w.failedKeys.size(), sender.store().itemCount() - sent) : w.failedKeys.size();
            if (left > 0) {
                log.info("leaving: round {} ({} ms in): {} items landed, {} did not: {}", round,
                        (System.nanoTime() - start) / 1_000_000, w.sent.get(), left, w.refusals);
            }
            if (left == 0 || outOfTime || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > deadline) {
                break;
            }
            if (gone.addAll(w.gone)) {
                // the owners changed: judge every key again against the ring without them too
                after = current.withoutSelf(self, gone);
                routeBy.accept(after);
                log.info("leaving: {} leaving too or unreachable; handing off by the ring without them", gone);
                pending = sender.store().keys();
                continue;
            }
            pending = List.copyOf(w.failedKeys);
            try {
                TimeUnit.MILLISECONDS.sleep(pauseMillis); // the closing thread, never an event loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pauseMillis = Math.min(pauseMillis * 2, LONGEST_PAUSE_MILLIS);
        }
        log.info("leaving: handed {} items to their new owners in {} rounds, {} ms; {} not handed off",
                sent, round, (System.nanoTime() - start) / 1_000_000, left);
        return left;
    }
}
