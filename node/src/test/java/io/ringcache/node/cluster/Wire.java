package io.ringcache.node.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking text-protocol connection for cluster tests: one request, its whole answer. */
final class Wire implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Wire(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** How long a read may wait for bytes (5 s unless set): a watch waits for a push as long as a ring may take. */
    Wire readTimeout(java.time.Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        return this;
    }

    /** Sends {@code request} and reads until the answer ends with {@code terminator}. */
    String call(String request, String terminator) throws IOException {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        StringBuilder answer = new StringBuilder();
        byte[] buf = new byte[8192];
        while (!endsWithLine(answer, terminator)) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("closed after " + answer);
            }
            answer.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return answer.toString();
    }

    /** Reads one rc_topology block (its RING line's byte count delimits the binary ring) and returns its MEMBER ids. */
    java.util.List<String> topologyBlock() throws IOException {
        String ring = line();
        if (!ring.startsWith("RING ")) {
            throw new IOException("expected a RING line, got " + ring);
        }
        int length = Integer.parseInt(ring.split(" ")[3]);
        in.readNBytes(length + 2);
        java.util.List<String> members = new java.util.ArrayList<>();
        for (String l = line(); !l.equals("END"); l = line()) {
            members.add(l.split(" ")[1]);
        }
        return members;
    }

    /** Whether the other side closed the connection (reads end of stream within the read timeout). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    /** Asks {@code rc_topology} and returns the ring the node routes by, decoded from its own bytes. */
    io.ringcache.ring.Ring ring() throws IOException {
        send("rc_topology\r\n");
        String line = line();
        if (!line.startsWith("RING ")) {
            throw new IOException("expected a RING line, got " + line);
        }
        byte[] bytes = in.readNBytes(Integer.parseInt(line.split(" ")[3]) + 2);
        for (String l = line(); !l.equals("END"); l = line()) {
            // MEMBER lines
        }
        return io.ringcache.ring.Ring.decode(java.util.Arrays.copyOf(bytes, bytes.length - 2));
    }

    void send(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    String set(String key, String value) throws IOException {
        return call("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n", "\r\n");
    }

    String get(String key) throws IOException {
        return call("get " + key + "\r\n", "END\r\n");
    }

    /** The value under {@code key}, or null on a miss. */
    String value(String key) throws IOException {
        String answer = get(key);
        if (answer.equals("END\r\n")) {
            return null;
        }
        String[] lines = answer.split("\r\n");
        return lines[1];
    }

    private static boolean endsWithLine(StringBuilder s, String terminator) {
        if (s.length() < terminator.length()) {
            return false;
        }
        if (!s.substring(s.length() - terminator.length()).equals(terminator)) {
            return false;
        }
        // a line terminator: the answer is one line; END: the END line must start a line
        return terminator.equals("\r\n") || s.length() == terminator.length()
                || s.charAt(s.length() - terminator.length() - 1) == '\n';
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
