package io.ringcache.node.conformance;

import java.io.IOException;

/** Request/answer helpers over a {@link RawClient} for tests written in Java rather than scripts. */
public final class Exchange {

    private Exchange() {
    }

    /**
     * Sends {@code request} as written, then {@code mn}, and returns everything answered before the
     * {@code MN}: all the answers to the request and nothing else, without waiting on a timeout.
     */
    public static String answers(RawClient client, String request) throws IOException {
        return answers(client, RawClient.ascii(request));
    }

    public static String answers(RawClient client, byte[] request) throws IOException {
        client.send(request);
        client.send("mn\r\n");
        String received = RawClient.text(client.readThrough(RawClient.ascii("MN\r\n"), true));
        if (!received.endsWith("MN\r\n")) {
            throw new IOException("connection closed; received " + Escapes.show(RawClient.ascii(received)));
        }
        return received.substring(0, received.length() - 4);
    }

    /** True when a fresh request on {@code client} is answered normally: the connection survived. */
    public static boolean stillServes(RawClient client) throws IOException {
        return answers(client, "version\r\n").startsWith("VERSION 1.6");
    }
}
