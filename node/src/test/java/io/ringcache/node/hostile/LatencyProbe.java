package io.ringcache.node.hostile;

import io.ringcache.node.testing.TextConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;

/**
 * Another client on one connection of its own, asking for a small value back to back, recording how
 * long each answer took between {@link #startRecording()} and {@link #stopRecording()}: the latency
 * the others see while an attack runs. At most {@link #MAX_SAMPLES} samples are kept.
 */
final class LatencyProbe implements AutoCloseable {

    private static final int MAX_SAMPLES = 1_000_000;
    private static final long MAX_MILLIS = 10 * 60 * 1000;

    private final TextConnection connection;
    private final String key;
    private final Thread thread;
    private final long[] samples = new long[MAX_SAMPLES];
    private volatile int count;
    private volatile boolean recording;
    private volatile boolean stop;
    private volatile Exception failure;

    LatencyProbe(InetSocketAddress server, String key) throws java.io.IOException {
        this.connection = new TextConnection(server.getPort(), Duration.ofSeconds(30));
        this.key = key;
        this.thread = new Thread(this::run, "latency-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long end = System.currentTimeMillis() + MAX_MILLIS;
        try {
            while (!stop && System.currentTimeMillis() < end) {
                long start = System.nanoTime();
                connection.send("get " + key + "\r\n");
                connection.readUntilLine("END");
                long took = System.nanoTime() - start;
                if (recording && count < MAX_SAMPLES) {
                    samples[count] = took;
                    count++;
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    void startRecording() {
        recording = true;
    }

    void stopRecording() {
        recording = false;
    }

    int count() {
        return count;
    }

    long p99Millis() {
        if (failure != null) {
            throw new AssertionError("the probe failed", failure);
        }
        int n = count;
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return n == 0 ? Long.MAX_VALUE : sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1_000_000;
    }

    @Override
    public void close() throws Exception {
        stop = true;
        thread.join(35_000);
        connection.close();
    }
}
