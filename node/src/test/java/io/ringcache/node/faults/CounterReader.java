package io.ringcache.node.faults;

import io.ringcache.node.faults.Op.Kind;
import io.ringcache.node.faults.Op.Outcome;
import io.ringcache.node.faults.TextClient.Reply;
import io.ringcache.node.faults.TextClient.Shape;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reader thread: gets counter keys at random while the writers increment them, and records each
 * read, so the checker can tell a stale read (below an answer acknowledged before the read began).
 */
final class CounterReader implements Runnable {

    private final TextClient client;
    private final History history;
    private final List<String> counters;
    private final RunClock clock;
    private final AtomicBoolean stop;
    private final int maxReads;
    private final Random random;

    CounterReader(TextClient client, History history, List<String> counters, RunClock clock, AtomicBoolean stop,
            int maxReads, long seed) {
        this.client = client;
        this.history = history;
        this.counters = List.copyOf(counters);
        this.clock = clock;
        this.stop = stop;
        this.maxReads = maxReads;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        try {
            for (int i = 0; i < maxReads && !stop.get() && !counters.isEmpty(); i++) {
                String key = counters.get(random.nextInt(counters.size()));
                long start = clock.millis();
                Reply r = client.call("get " + key + "\r\n", Shape.VALUES);
                Outcome outcome;
                String answer;
                if (r.answered() && r.value() != null) {
                    outcome = Outcome.OK;
                    answer = r.value();
                } else if (r.answered() && r.text().equals("END")) {
                    outcome = Outcome.OK;
                    answer = Op.MISS;
                } else {
                    outcome = Writer.classify(r, null);
                    answer = r.text();
                }
                history.record(new Op(key, Kind.READ, "", start, clock.millis(), outcome, answer));
            }
        } finally {
            client.close();
        }
    }
}
