package io.ringcache.node.hostile;

import io.ringcache.node.testing.TextConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Another client of the attacked server, asking for a large value over a new connection each time (so
 * that it lands on every event loop, as new clients do) until stopped. Records how many requests it
 * got answered, which failed (with why) and how long the slowest took: "the others are served".
 */
final class Bystander implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** A bound on the loop besides {@link #close()}, should a test forget to stop it. */
    private static final long MAX_MILLIS = 10 * 60 * 1000;

    private final InetSocketAddress server;
    private final String key;
    private final int valueLength;
    private final Thread thread;
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();
    private volatile boolean stop;
    private volatile long slowestNanos;

    Bystander(InetSocketAddress server, String key, int valueLength) {
        this.server = server;
        this.key = key;
        this.valueLength = valueLength;
        this.thread = new Thread(this::run, "bystander");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long end = System.currentTimeMillis() + MAX_MILLIS;
        String expectedHeader = "VALUE " + key + " 0 " + valueLength + "\r\n";
        while (!stop && System.currentTimeMillis() < end) {
            long start = System.nanoTime();
            try (TextConnection c = new TextConnection(server.getPort(), REQUEST_TIMEOUT)) {
                c.send("get " + key + "\r\n");
                String header = c.readUntilLine("VALUE ");
                String rest = c.read(valueLength + 2 + 5);
                if (!header.equals(expectedHeader) || !rest.endsWith("\r\nEND\r\n")) {
                    fail("wrong answer: " + header.trim());
                    continue;
                }
                served.incrementAndGet();
            } catch (Exception e) {
                fail(e.toString());
                continue;
            }
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
        }
    }

    private void fail(String why) {
        synchronized (failures) {
            failures.add(why);
        }
    }

    int served() {
        return served.get();
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    Duration slowest() {
        return Duration.ofNanos(slowestNanos);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(REQUEST_TIMEOUT.toMillis() * 3);
    }
}
