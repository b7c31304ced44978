package io.ringcache.node.hostile;

import io.ringcache.node.testing.PipelineClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The first attack: one connection pipelines many gets of large values and reads nothing,
 * then vanishes with a reset while the server still owes it answers. The requests are written from
 * a thread of their own, since the writes block once the server stops reading (as it should).
 */
final class SlowReader implements AutoCloseable {

    private final PipelineClient client;
    private final Thread writer;
    private volatile IOException writeFailure;

    /** Sends {@code request} (a whole command line) {@code times} times. */
    SlowReader(InetSocketAddress server, String request, int times) throws IOException {
        client = new PipelineClient(server, 16 * 1024, Duration.ofSeconds(5));
        writer = new Thread(() -> {
            try {
                client.sendRepeated(request, times);
            } catch (IOException e) {
                writeFailure = e; // expected once the reset closes the socket under a blocked write
            }
        }, "slow-reader-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Vanishes: the socket is reset with answers unread, and the writer stops. */
    @Override
    public void close() throws IOException, InterruptedException {
        client.reset();
        writer.join(10_000);
        if (writer.isAlive()) {
            throw new IllegalStateException("the slow reader's writer did not stop after the reset");
        }
    }
}
