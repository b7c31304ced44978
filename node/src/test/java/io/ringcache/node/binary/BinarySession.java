package io.ringcache.node.binary;

import io.ringcache.node.conformance.Feed;
import io.ringcache.node.conformance.RawClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One binary-protocol connection of a scenario. Each batch of requests goes out as one byte stream
 * cut by the feed, followed by a no-op with a marker opaque; the answers are read up to that no-op's
 * answer, so quiet requests that answer nothing need no timeout. Every answer is kept, in order, in
 * the transcript the servers are compared by.
 */
public final class BinarySession implements AutoCloseable {

    /** The opaque of the no-op that ends each batch. */
    static final int MARKER = 0x7eadbeef;

    private final RawClient client;
    private final Feed feed;
    private final List<BinaryPacket> transcript = new ArrayList<>();
    private int nextOpaque = 1;
    private boolean closed;

    BinarySession(InetSocketAddress address, Feed feed) throws IOException {
        this.client = RawClient.connect(address);
        this.feed = feed;
    }

    /** Sends the requests and returns their answers (the quiet ones may answer nothing). */
    public List<BinaryPacket> send(Bin.Request... requests) throws IOException {
        byte[] stream = BinaryPacket.concat(bytes(requests), Bin.simple(Bin.NOOP).bytes(MARKER));
        client.send(stream, feed);
        List<BinaryPacket> answers = new ArrayList<>();
        while (true) {
            BinaryPacket p = BinaryPacket.read(client);
            if (p == null) {
                closed = true;
                break;
            }
            if (p.opcode() == Bin.NOOP && p.opaque() == MARKER) {
                break;
            }
            answers.add(p);
        }
        transcript.addAll(answers);
        return answers;
    }

    /** Sends requests after which the server must close the connection; returns what it answered first. */
    public List<BinaryPacket> sendAndExpectClose(Bin.Request... requests) throws IOException {
        client.send(bytes(requests), feed);
        List<BinaryPacket> answers = new ArrayList<>();
        BinaryPacket p;
        while ((p = BinaryPacket.read(client)) != null) {
            answers.add(p);
        }
        closed = true;
        transcript.addAll(answers);
        return answers;
    }

    /** Sends raw bytes (a malformed frame) after which the server must close; returns what it answered. */
    public List<BinaryPacket> sendRawAndExpectClose(byte[] bytes) throws IOException {
        client.send(bytes, feed);
        List<BinaryPacket> answers = new ArrayList<>();
        BinaryPacket p;
        while ((p = BinaryPacket.read(client)) != null) {
            answers.add(p);
        }
        closed = true;
        transcript.addAll(answers);
        return answers;
    }

    public List<BinaryPacket> transcript() {
        return transcript;
    }

    public boolean closed() {
        return closed;
    }

    private byte[] bytes(Bin.Request... requests) {
        byte[][] parts = new byte[requests.length][];
        for (int i = 0; i < requests.length; i++) {
            parts[i] = requests[i].bytes(nextOpaque++);
        }
        return BinaryPacket.concat(parts);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
