package io.ringcache.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw memcached text-protocol connection for tests: sends exact bytes (whole, byte by byte or in
 * odd chunks) and reads answers with a bounded wait. Never used on an event loop.
 */
public final class TextConnection implements AutoCloseable {

    public enum Feed { WHOLE, BYTE_BY_BYTE, ODD_CHUNKS }

    private static final int[] ODD_CHUNK_SIZES = {1, 2, 3, 5, 7, 11, 13, 17, 64, 3};
    private static final byte[] VERSION_PROBE = "version\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    public TextConnection(int port) throws IOException {
        this(port, Duration.ofSeconds(5));
    }

    public TextConnection(int port, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.ISO_8859_1), Feed.WHOLE);
    }

    public void send(byte[] bytes) throws IOException {
        send(bytes, Feed.WHOLE);
    }

    public void send(byte[] bytes, Feed feed) throws IOException {
        switch (feed) {
            case WHOLE -> out.write(bytes);
            case BYTE_BY_BYTE -> {
                for (byte b : bytes) {
                    out.write(b);
                    out.flush();
                }
            }
            case ODD_CHUNKS -> {
                int at = 0;
                for (int i = 0; at < bytes.length; i++) {
                    int n = Math.min(ODD_CHUNK_SIZES[i % ODD_CHUNK_SIZES.length], bytes.length - at);
                    out.write(bytes, at, n);
                    out.flush();
                    at += n;
                }
            }
        }
        out.flush();
    }

    /**
     * Sends {@code input} then a {@code version} probe, and returns everything answered before the
     * probe's answer: exactly the answers to {@code input}, with nothing extra and no guessing how
     * long to wait.
     */
    public String transcript(byte[] input, Feed feed) throws IOException {
        byte[] all = new byte[input.length + VERSION_PROBE.length];
        System.arraycopy(input, 0, all, 0, input.length);
        System.arraycopy(VERSION_PROBE, 0, all, input.length, VERSION_PROBE.length);
        send(all, feed);
        String text = readUntilLine("VERSION ");
        return text.substring(0, text.lastIndexOf("VERSION "));
    }

    public String transcript(String input, Feed feed) throws IOException {
        return transcript(input.getBytes(StandardCharsets.ISO_8859_1), feed);
    }

    public String transcript(String input) throws IOException {
        return transcript(input, Feed.WHOLE);
    }

    /** Reads until a line starting with {@code prefix} has arrived whole; returns all read since the last call. */
    public String readUntilLine(String prefix) throws IOException {
        while (true) {
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int at = text.startsWith(prefix) ? 0 : text.indexOf("\n" + prefix);
            if (at >= 0) {
                int lineEnd = text.indexOf("\r\n", at);
                if (lineEnd >= 0) {
                    received.reset();
                    String rest = text.substring(lineEnd + 2);
                    received.writeBytes(rest.getBytes(StandardCharsets.ISO_8859_1));
                    return text.substring(0, lineEnd + 2);
                }
            }
            if (!readSome()) {
                throw new IOException("connection closed before a line starting with '" + prefix + "'; got: " + text);
            }
        }
    }

    /** Reads exactly {@code n} bytes. */
    public String read(int n) throws IOException {
        while (received.size() < n) {
            if (!readSome()) {
                throw new IOException("connection closed after " + received.size() + " of " + n + " bytes");
            }
        }
        byte[] all = received.toByteArray();
        received.reset();
        received.write(all, n, all.length - n);
        return new String(all, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether the server closes the connection, reading (and returning in {@link #drained()}) what
     * it sends first; false if it is still open when the read timeout passes.
     */
    public boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (!readSome()) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    /** Whatever has been received and not yet returned. */
    public String drained() {
        String s = received.toString(StandardCharsets.ISO_8859_1);
        received.reset();
        return s;
    }

    private boolean readSome() throws IOException {
        byte[] buf = new byte[65536];
        int n = in.read(buf);
        if (n < 0) {
            return false;
        }
        received.write(buf, 0, n);
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
