package io.ringcache.node.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plays a {@link Scenario} against one server over one connection and checks every answer.
 *
 * <p>Requests are gathered into batches and each batch goes out as one byte stream cut by the
 * {@link Feed}, so pipelining and split reads are exercised. A batch ends where a request needs a
 * CAS unique from an earlier answer, at a {@code !sync}, or at the end of the script. After a batch the runner sends
 * {@code mn} and reads up to its {@code MN}: the fence tells "all answers are in" from "the server
 * is silent" without waiting for a timeout. A batch that expects {@code !closed} is read to the end
 * of the stream instead.
 */
public final class ScenarioRunner {

    private static final byte[] FENCE = RawClient.ascii("mn\r\n");
    private static final byte[] FENCE_ANSWER = RawClient.ascii("MN\r\n");

    private final Scenario scenario;
    private final String server;
    private final Feed feed;
    private final RawClient client;
    private final CasPattern cas = new CasPattern();
    private final List<byte[]> batches = new ArrayList<>();
    private final ByteArrayOutputStream requests = new ByteArrayOutputStream();
    private final List<Template> expected = new ArrayList<>();
    private int batchStartLine;

    private ScenarioRunner(Scenario scenario, String server, Feed feed, RawClient client) {
        this.scenario = scenario;
        this.server = server;
        this.feed = feed;
        this.client = client;
    }

    /** What one server answered, batch by batch. */
    public record Transcript(String server, List<byte[]> batches) {
        public String show() {
            StringBuilder shown = new StringBuilder();
            for (int i = 0; i < batches.size(); i++) {
                shown.append("  batch ").append(i + 1).append(": ").append(Escapes.show(batches.get(i))).append('\n');
            }
            return shown.toString();
        }
    }

    /** Plays the scenario; throws {@link AssertionError} naming the batch, feed and bytes on a mismatch. */
    public static Transcript run(Scenario scenario, String server, InetSocketAddress address, Feed feed) throws IOException {
        try (RawClient client = RawClient.connect(address)) {
            return new ScenarioRunner(scenario, server, feed, client).play();
        }
    }

    private Transcript play() {
        boolean closed = false;
        for (Scenario.Step step : scenario.steps()) {
            if (closed) {
                throw new IllegalArgumentException(scenario.name() + ": nothing may follow !closed");
            }
            if (step instanceof Scenario.Send send) {
                if (send.bytes().refersToCas() && pending()) {
                    playBatch(false);
                }
                startBatchAt(send.line());
                requests.writeBytes(send.bytes().render(cas.bindings()));
            } else if (step instanceof Scenario.Expect expect) {
                startBatchAt(expect.line());
                expected.add(expect.bytes());
            } else if (step instanceof Scenario.Sync) {
                if (pending()) {
                    playBatch(false);
                }
            } else if (step instanceof Scenario.ExpectClosed) {
                playBatch(true);
                closed = true;
            }
        }
        if (pending()) {
            playBatch(false);
        }
        return new Transcript(server, List.copyOf(batches));
    }

    private static int noOpsIn(byte[] requests) {
        String text = "\n" + RawClient.text(requests);
        int count = 0;
        for (int at = text.indexOf("\nmn\r\n"); at >= 0; at = text.indexOf("\nmn\r\n", at + 1)) {
            count++;
        }
        return count;
    }

    private boolean pending() {
        return requests.size() > 0 || !expected.isEmpty();
    }

    private void startBatchAt(int line) {
        if (!pending()) {
            batchStartLine = line;
        }
    }

    private void playBatch(boolean expectClose) {
        Expectation expectation = new Expectation(expected);
        String where = server + ", " + scenario.name() + ".script batch " + (batches.size() + 1)
                + " (from line " + batchStartLine + "), fed " + feed;
        byte[] received;
        try {
            client.send(requests.toByteArray(), feed);
            if (expectClose) {
                received = client.readToEnd();
            } else {
                client.send(FENCE);
                // a script's own mn answers MN too: read through one MN per mn sent, the fence's last
                byte[] withFence = new byte[0];
                for (int fences = noOpsIn(requests.toByteArray()) + 1; fences > 0; fences--) {
                    withFence = RawClient.concat(withFence, client.readThrough(FENCE_ANSWER, true));
                    if (!RawClient.text(withFence).endsWith("MN\r\n")) {
                        throw new AssertionError(where + ": connection closed unexpectedly\n  expected: "
                                + expectation.show() + "\n  received: " + Escapes.show(withFence));
                    }
                }
                received = Arrays.copyOf(withFence, withFence.length - FENCE_ANSWER.length);
            }
        } catch (IOException e) {
            throw new AssertionError(where + ": " + e.getMessage() + "\n  expected: " + expectation.show(), e);
        }
        String problem = expectation.match(received, cas);
        if (problem != null) {
            throw new AssertionError(where + ": " + problem + "\n  expected: " + expectation.show()
                    + "\n  received: " + Escapes.show(received));
        }
        batches.add(received);
        requests.reset();
        expected.clear();
    }
}
