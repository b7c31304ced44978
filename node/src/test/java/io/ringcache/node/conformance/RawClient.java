package io.ringcache.node.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A protocol test client over a plain socket: it sends exactly the bytes it is given, cut as a
 * {@link Feed} says, and reads answers with a bounded wait. It never interprets the protocol beyond
 * finding line ends, so it can talk to a server that answers wrongly and show what came back.
 */
public final class RawClient implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Duration timeout;
    /** Bytes received but not yet handed to the caller. */
    private byte[] pending = new byte[0];
    private boolean endOfStream;

    private RawClient(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.timeout = timeout;
    }

    public static RawClient connect(InetSocketAddress address) throws IOException {
        return connect(address, DEFAULT_TIMEOUT);
    }

    public static RawClient connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, (int) timeout.toMillis());
        return new RawClient(socket, timeout);
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public RawClient send(byte[] bytes) throws IOException {
        return send(bytes, Feed.whole());
    }

    /** Sends {@code text} as ISO-8859-1 bytes, unchanged (no line end is added). */
    public RawClient send(String text) throws IOException {
        return send(ascii(text));
    }

    public RawClient send(byte[] bytes, Feed feed) throws IOException {
        for (byte[] chunk : feed.cut(bytes)) {
            out.write(chunk);
            out.flush();
        }
        return this;
    }

    /** Sends one command line ({@code CRLF} added) and returns the first answer line. */
    public String call(String line) throws IOException {
        send(line + "\r\n");
        return readLine();
    }

    /** The next line without its CRLF; fails if none completes within the timeout. */
    public String readLine() throws IOException {
        return text(readThrough(CRLF, false)).replaceFirst("\r\n$", "");
    }

    /** As {@link #readExactly}, but null when the server closes the connection before the first of them. */
    public byte[] readExactlyOrEnd(int count) throws IOException {
        long deadline = deadline();
        while (pending.length < count) {
            if (!fill(deadline)) {
                if (pending.length == 0) {
                    return null;
                }
                throw new IOException("connection closed after " + pending.length + " of " + count + " bytes: " + Escapes.show(pending));
            }
        }
        return take(count);
    }

    public byte[] readExactly(int count) throws IOException {
        long deadline = deadline();
        while (pending.length < count) {
            if (!fill(deadline)) {
                throw new IOException("connection closed after " + pending.length + " of " + count + " bytes: " + Escapes.show(pending));
            }
        }
        return take(count);
    }

    /**
     * Reads until the received bytes end with {@code terminator} (returned with them), or, when
     * {@code orEnd} is set, until the server closes the connection (everything received is returned).
     */
    public byte[] readThrough(byte[] terminator, boolean orEnd) throws IOException {
        long deadline = deadline();
        int searchFrom = 0;
        while (true) {
            int at = indexOf(pending, terminator, searchFrom);
            if (at >= 0) {
                return take(at + terminator.length);
            }
            searchFrom = Math.max(0, pending.length - terminator.length + 1);
            if (!fill(deadline)) {
                if (orEnd) {
                    return take(pending.length);
                }
                throw new IOException("connection closed before " + Escapes.show(terminator) + "; got " + Escapes.show(pending));
            }
        }
    }

    /** Everything the server sends until it closes the connection; fails if it stays open. */
    public byte[] readToEnd() throws IOException {
        long deadline = deadline();
        while (fill(deadline)) {
            // keep reading until end of stream
        }
        return take(pending.length);
    }

    /** True when the server closed the connection (end of stream or reset) within the timeout. */
    public boolean awaitClosed() {
        try {
            readToEnd();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** True when the server has sent something not yet read (or closed), without waiting. */
    public boolean hasInput() throws IOException {
        return pending.length > 0 || endOfStream || in.available() > 0;
    }

    /** Bytes already received and not yet read, without waiting; used in failure messages. */
    public byte[] unread() {
        return pending.clone();
    }

    private long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }

    /** Reads once more into {@code pending}; false at end of stream; throws on timeout. */
    private boolean fill(long deadline) throws IOException {
        if (endOfStream) {
            return false;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timeout();
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        byte[] buffer = new byte[64 * 1024];
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw timeout();
        } catch (SocketException e) {
            // a reset after the server closed: the same as an end of stream for our purposes
            endOfStream = true;
            return false;
        }
        if (n < 0) {
            endOfStream = true;
            return false;
        }
        byte[] grown = Arrays.copyOf(pending, pending.length + n);
        System.arraycopy(buffer, 0, grown, pending.length, n);
        pending = grown;
        return true;
    }

    private SocketTimeoutException timeout() {
        return new SocketTimeoutException("no complete answer within " + timeout + "; received so far: " + Escapes.show(pending));
    }

    private byte[] take(int count) {
        byte[] head = Arrays.copyOfRange(pending, 0, count);
        pending = Arrays.copyOfRange(pending, count, pending.length);
        return head;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Collects bytes for a request built from parts. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
