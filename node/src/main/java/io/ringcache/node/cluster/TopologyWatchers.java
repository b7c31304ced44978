package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.server.ReplySink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connections that asked {@code rc_topology watch}, and the pushes they get on each new topology.
 *
 * <p>Bounded on every side: a connection watches once however often it asks (a repeated watch is
 * answered like {@code rc_topology}, as the smart client's heartbeat is); at most
 * {@code maxWatchers} connections watch per node, the next one is told
 * {@code SERVER_ERROR too many watchers} (the smart client then watches through another member);
 * and a push to a connection that is not reading closes it instead of queueing another block
 * ({@link ReplySink#push}). A closed connection leaves the set at once, freeing its place.
 *
 * <p>Thread-safe: connections of every event loop register here, pushes come from the topology thread.
 */
final class TopologyWatchers {

    static final byte[] TOO_MANY = Responses.line("SERVER_ERROR too many watchers");

    private final int maxWatchers;
    private final Set<ReplySink> watching = ConcurrentHashMap.newKeySet();
    /** Places taken, counted apart from the set so that two connections cannot both take the last one. */
    private final AtomicInteger taken = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    TopologyWatchers(int maxWatchers) {
        this.maxWatchers = maxWatchers;
    }

    /** Answers {@code rc_topology [watch]} on {@code replies}' connection with {@code current}. */
    void request(boolean watch, ReplySink replies, Topology current) {
        if (watch && !watching.contains(replies)) {
            if (!takePlace()) {
                refused.increment();
                replies.buffer().writeBytes(TOO_MANY);
                return;
            }
            watching.add(replies); // before the first block: a push made now runs after this answer
            replies.whenClosed(() -> {
                if (watching.remove(replies)) {
                    taken.decrementAndGet();
                }
            });
        }
        TopologyText.write(current, replies.buffer());
    }

    private boolean takePlace() {
        while (true) {
            int n = taken.get();
            if (n >= maxWatchers) {
                return false;
            }
            if (taken.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Pushes {@code next} to every watcher. */
    void publish(Topology next) {
        for (ReplySink watcher : watching) {
            if (!watcher.push(out -> TopologyText.write(next, out)) && watching.remove(watcher)) {
                taken.decrementAndGet();
            }
        }
    }

    void write(ByteBuf out) {
        ClusterStats.stat(out, "watchers", watching.size());
        ClusterStats.stat(out, "watchers_refused", refused.sum());
    }
}
