package io.ringcache.node.faults;

import static org.awaitility.Awaitility.await;

import io.ringcache.ring.Ring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One scenario's run: writers (and optionally counter readers) start against the cluster, the
 * scenario applies its faults on the run's clock (each logged), then {@link #finish} stops the load,
 * waits for the cluster to settle, reads every key back through every live node and judges the
 * history ({@link HistoryChecker}), and writes the report ({@link FaultReport}).
 */
final class FaultRun {

    private static final Duration READY = Duration.ofSeconds(60);

    final String scenario;
    private final Workload workload;
    private final RunClock clock = new RunClock();
    private final History history = new History();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Writer> writers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private FaultRun(String scenario, Workload workload) {
        this.scenario = scenario;
        this.workload = workload;
    }

    /**
     * Starts {@code writerCount} writers, writer i sending to {@code targets.get(i)} (its first node,
     * then the others in the list's order when that one refuses connections), and {@code readerCount}
     * counter readers likewise; returns once every writer has set its counters and expiring keys.
     */
    static FaultRun start(String scenario, Workload workload, List<List<NodeJvm>> writerTargets,
            List<List<NodeJvm>> readerTargets) {
        FaultRun run = new FaultRun(scenario, workload);
        for (int i = 0; i < writerTargets.size(); i++) {
            Writer w = new Writer("w" + i, client(writerTargets.get(i), workload), run.history, workload, run.clock,
                    run.stop, 1_000L * i + scenario.hashCode());
            run.writers.add(w);
            run.thread("writer-" + i, w);
        }
        await().atMost(READY).until(() -> run.writers.stream().allMatch(Writer::ready));
        List<String> counters = run.history.keys(History.KeyType.COUNTER);
        for (int i = 0; i < readerTargets.size(); i++) {
            run.thread("reader-" + i, new CounterReader(client(readerTargets.get(i), workload), run.history, counters,
                    run.clock, run.stop, 1_000_000, 7_000L * i + scenario.hashCode()));
        }
        run.event("writers ready: " + writerTargets.size() + " writers, " + readerTargets.size() + " readers, first nodes "
                + writerTargets.stream().map(t -> t.get(0).nodeId).toList());
        return run;
    }

    /** Every writer on the same list of nodes (the first is the one they use). */
    static List<List<NodeJvm>> all(int count, List<NodeJvm> targets) {
        List<List<NodeJvm>> lists = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lists.add(targets);
        }
        return lists;
    }

    /** Writer i starts on node i mod n, then the next ones: the load spread over every node. */
    static List<List<NodeJvm>> spread(int count, List<NodeJvm> nodes) {
        List<List<NodeJvm>> lists = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<NodeJvm> order = new ArrayList<>();
            for (int j = 0; j < nodes.size(); j++) {
                order.add(nodes.get((i + j) % nodes.size()));
            }
            lists.add(order);
        }
        return lists;
    }

    private static TextClient client(List<NodeJvm> targets, Workload workload) {
        return new TextClient(targets.stream().map(NodeJvm::named).toList(), workload.requestTimeout());
    }

    private void thread(String name, Runnable r) {
        Thread t = new Thread(r, scenario + "-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Logs what the scenario does now, on the run's clock, for the report. */
    void event(String what) {
        String line = String.format("%7d ms  %s", clock.millis(), what);
        synchronized (events) {
            events.add(line);
        }
        System.out.println("FAULTS " + scenario + " " + line.trim());
    }

    /** Applies a fault (or heals one) and logs it. */
    void fault(String what, ThrowingAction action) throws Exception {
        event(what);
        action.run();
    }

    /**
     * Keeps the current state (a fault held, or the load running) for {@code d}. This is the
     * schedule itself, the scenario's input, not a wait for some condition.
     */
    void hold(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** An action that may throw (signals, process starts). */
    interface ThrowingAction {
        void run() throws Exception;
    }

    /**
     * Stops the load, waits until {@code live} agree on a ring of {@code members} and are done moving
     * data, reads every key back through each of them, judges, reports.
     */
    Result finish(List<NodeJvm> live, int members) throws Exception {
        stop.set(true);
        long joinMillis = workload.requestTimeout().toMillis() + 10_000;
        for (Thread t : threads) {
            t.join(joinMillis);
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop within " + joinMillis + " ms");
            }
        }
        event("load stopped");
        FaultCluster.awaitSettled(live, members, FaultCluster.FORM);
        event("settled: " + live.size() + " nodes agree on a ring of " + members + ", rebalancing done");
        Readback readback = new Readback();
        List<String> checked = new ArrayList<>(history.keys(History.KeyType.REGISTER));
        checked.addAll(history.keys(History.KeyType.COUNTER));
        FaultCluster.readBack(checked, live, readback);
        event("read back " + checked.size() + " keys through " + live.stream().map(n -> n.nodeId).toList());
        Readback expiry = new Readback();
        List<String> expiring = history.keys(History.KeyType.EXPIRING);
        if (!expiring.isEmpty()) {
            long deadline = expiring.stream().mapToLong(k -> HistoryChecker.expiryDeadlineMillis(history.writes(k))).max().orElse(0);
            long wait = Math.max(0, deadline - clock.millis());
            // the TTLs themselves are the input here: wait for the run's clock to pass the last deadline
            await().atMost(Duration.ofMillis(wait + 5_000)).pollInterval(Duration.ofMillis(100))
                    .until(() -> clock.millis() > deadline);
            FaultCluster.readBack(expiring, live, expiry);
            event("read back " + expiring.size() + " expiring keys after their deadline (" + deadline + " ms)");
        }
        long evictions = FaultCluster.evictions(live);
        Verdict verdict = HistoryChecker.check(history, readback, expiry);
        Ring ring = FaultCluster.ring(live.get(0));
        Result result = new Result(scenario, history, verdict, evictions);
        FaultReport.write(result, events, ring, live);
        return result;
    }

    /** What a run found. */
    record Result(String scenario, History history, Verdict verdict, long evictions) {

        /** Fails with the report line and the first anomalies when any promise was broken. */
        void assertSafe() {
            if (verdict.unsafe() || evictions > 0) {
                StringBuilder b = new StringBuilder(FaultReport.line(this));
                if (evictions > 0) {
                    b.append("\n  ").append(evictions).append(" evictions: the run is void (a miss could be an eviction)");
                }
                verdict.anomalies().stream().limit(20).forEach(a -> b.append("\n  ").append(a));
                b.append("\n  (all of it in target/faults/").append(scenario).append(".txt, node logs in target/faults/logs/")
                        .append(scenario).append("/)");
                throw new AssertionError(b.toString());
            }
        }
    }

    /** How many of {@code keys} have {@code nodeId} as their primary on {@code ring}. */
    static long primariesOn(io.ringcache.ring.Ring ring, List<String> keys, String nodeId) {
        return keys.stream().filter(k -> FaultCluster.owners(ring, k).get(0).equals(nodeId)).count();
    }
}
