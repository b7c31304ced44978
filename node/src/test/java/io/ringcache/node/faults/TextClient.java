package io.ringcache.node.faults;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A plain memcached text-protocol client, as simple as an application's: one request in flight, one
 * deadline per request, and on any failure the connection is dropped and made again for the next
 * request. It talks to its first target; when that one refuses connections it moves on to the next
 * (and stays there), as a client configured with a list of servers does.
 *
 * <p>Not thread-safe: one per writer or reader thread.
 */
final class TextClient implements AutoCloseable {

    /** How the answer of a request ends. */
    enum Shape {
        /** one line: STORED, DELETED, a number, HD, SERVER_ERROR ... */
        LINE,
        /** get and gat: VALUE blocks, then END (or one error line). */
        VALUES,
        /** stats: lines up to END, returned joined by newlines as the reply's value. */
        LINES
    }

    /** What came back: an answer, or nothing (then {@code text} says why and the request may or may not have run). */
    record Reply(boolean answered, boolean sent, String text, String value) {

        static Reply answer(String line) {
            return new Reply(true, true, line, null);
        }

        static Reply none(boolean sent, String why) {
            return new Reply(false, sent, why, null);
        }
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final List<NamedAddress> targets;
    private final Duration requestTimeout;
    private int current;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** A node's client address with its id, so that reports can say which node answered. */
    record NamedAddress(String nodeId, InetSocketAddress address) {
    }

    TextClient(List<NamedAddress> targets, Duration requestTimeout) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target");
        }
        this.targets = List.copyOf(targets);
        this.requestTimeout = requestTimeout;
    }

    /** The node this client sends to now. */
    String nodeId() {
        return targets.get(current).nodeId();
    }

    /**
     * Sends {@code request} and reads its answer within the request timeout. Never throws for the
     * network: a request that could not be sent, or whose answer did not come, is a {@link Reply}
     * without answer.
     */
    Reply call(String request, Shape shape) {
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        if (socket == null && !connect()) {
            return Reply.none(false, "no connection to any of " + targets.stream().map(NamedAddress::nodeId).toList());
        }
        try {
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // the bytes may have reached the node before the connection broke
            drop();
            return Reply.none(true, "send failed: " + e.getMessage());
        }
        try {
            String line = readLine(deadline);
            if (shape == Shape.LINES) {
                StringBuilder lines = new StringBuilder();
                for (; !line.equals("END"); line = readLine(deadline)) {
                    if (line.startsWith("ERROR") || line.startsWith("SERVER_ERROR") || line.startsWith("CLIENT_ERROR")) {
                        return Reply.answer(line);
                    }
                    lines.append(line).append('\n');
                }
                return new Reply(true, true, "END", lines.toString());
            }
            if (shape == Shape.LINE || !line.startsWith("VALUE ")) {
                return Reply.answer(line);
            }
            String[] header = line.split(" ");
            int length = Integer.parseInt(header[3]);
            byte[] data = readBytes(length + 2, deadline);
            String end = readLine(deadline);
            if (!end.equals("END")) {
                drop();
                return Reply.none(true, "expected END after one value, got " + end);
            }
            return new Reply(true, true, line, new String(data, 0, length, StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
            drop();
            return Reply.none(true, "timeout after " + requestTimeout.toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            drop();
            return Reply.none(true, "connection lost: " + e.getMessage());
        }
    }

    /**
     * {@code rc_topology}: the ring's codec bytes, then each member's line (docs/cluster.md).
     *
     * @throws IOException when the node gave no complete answer
     */
    Topology topology() throws IOException {
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        if (socket == null && !connect()) {
            throw new IOException("no connection");
        }
        try {
            out.write("rc_topology\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String ring = readLine(deadline);
            if (!ring.startsWith("RING ")) {
                throw new IOException("expected RING, got " + ring);
            }
            byte[] bytes = readBytes(Integer.parseInt(ring.split(" ")[3]) + 2, deadline);
            List<String> members = new java.util.ArrayList<>();
            for (String l = readLine(deadline); !l.equals("END"); l = readLine(deadline)) {
                members.add(l);
            }
            return new Topology(java.util.Arrays.copyOf(bytes, bytes.length - 2), members);
        } catch (IOException | RuntimeException e) {
            drop();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** An rc_topology answer: the ring codec's bytes and the MEMBER lines. */
    record Topology(byte[] ring, List<String> members) {
    }

    private boolean connect() {
        for (int attempt = 0; attempt < targets.size(); attempt++) {
            InetSocketAddress address = targets.get(current).address();
            Socket s = new Socket();
            try {
                s.connect(address, (int) CONNECT_TIMEOUT.toMillis());
                s.setTcpNoDelay(true);
                socket = s;
                in = new BufferedInputStream(s.getInputStream());
                out = s.getOutputStream();
                return true;
            } catch (IOException e) {
                closeQuietly(s);
                current = (current + 1) % targets.size();
            }
        }
        return false;
    }

    private String readLine(long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = read(deadline);
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) c);
            if (line.length() > 4096) {
                throw new IOException("answer line longer than 4096 bytes");
            }
        }
    }

    private byte[] readBytes(int n, long deadline) throws IOException {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) read(deadline);
        }
        return b;
    }

    private int read(long deadline) throws IOException {
        if (in.available() == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("deadline");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        }
        int c = in.read();
        if (c < 0) {
            throw new IOException("closed by the node");
        }
        return c;
    }

    private void drop() {
        closeQuietly(socket);
        socket = null;
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }

    @Override
    public void close() {
        drop();
    }
}
