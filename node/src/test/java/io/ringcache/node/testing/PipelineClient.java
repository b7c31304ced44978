package io.ringcache.node.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client that behaves badly on purpose: pipelines requests without reading, reads a little
 * receive buffer only when told to, and can vanish with a reset. Reads are bounded by a timeout.
 */
public final class PipelineClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AnswerScanner scanner;

    /**
     * {@code receiveBuffer} bytes of kernel buffer on this side (0: the system's): small, so that a
     * client that does not read stops taking answers early.
     */
    public PipelineClient(InetSocketAddress server, int receiveBuffer, Duration readTimeout) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setTcpNoDelay(true);
        socket.connect(server, 5000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = socket.getInputStream();
        out = socket.getOutputStream();
        scanner = new AnswerScanner(in);
    }

    public PipelineClient(int port, int receiveBuffer, Duration readTimeout) throws IOException {
        this(new InetSocketAddress("127.0.0.1", port), receiveBuffer, readTimeout);
    }

    /** Sends {@code line} {@code times} times in writes of about 64 KiB, without reading anything. */
    public void sendRepeated(String line, int times) throws IOException {
        byte[] one = line.getBytes(StandardCharsets.ISO_8859_1);
        int perWrite = Math.max(1, 65536 / one.length);
        byte[] block = new byte[perWrite * one.length];
        for (int i = 0; i < perWrite; i++) {
            System.arraycopy(one, 0, block, i * one.length, one.length);
        }
        int left = times;
        while (left > 0) {
            int n = Math.min(left, perWrite);
            out.write(block, 0, n * one.length);
            left -= n;
        }
        out.flush();
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /** The next answer line, without its CRLF. */
    public String line() throws IOException {
        return scanner.line();
    }

    /** The next {@code n} bytes, as ISO-8859-1 text. */
    public String read(int n) throws IOException {
        return scanner.bytes(n);
    }

    public void send(String ascii) throws IOException {
        out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Reads answers to the end of {@code ends} lines equal to {@code endLine} (END for a get), checking
     * that every {@code VALUE} block carries exactly its bytes; returns the value bytes read. Throws if
     * the server closes first.
     */
    public long readValuesUntil(String endLine, int ends) throws IOException {
        return readValuesUntil(endLine, ends, key -> { });
    }

    /** As {@link #readValuesUntil(String, int)}, telling {@code keys} each value's key in the order answered. */
    public long readValuesUntil(String endLine, int ends, java.util.function.Consumer<String> keys) throws IOException {
        long valueBytes = 0;
        int seen = 0;
        while (seen < ends) {
            String line = scanner.line();
            if (line.startsWith("VALUE ")) {
                String[] parts = line.split(" ");
                int length = Integer.parseInt(parts[3]);
                keys.accept(parts[1]);
                scanner.skip(length);
                String crlf = scanner.line();
                if (!crlf.isEmpty()) {
                    throw new IOException("value of " + parts[1] + " longer than its " + length + " bytes");
                }
                valueBytes += length;
            } else if (line.equals(endLine)) {
                seen++;
            } else {
                throw new IOException("unexpected answer line: " + line);
            }
        }
        return valueBytes;
    }

    /** Reads until the server closes (true) or the read timeout passes (false); discards what arrives. */
    public boolean closedByServer() throws IOException {
        byte[] buf = new byte[65536];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Goes away with a reset (SO_LINGER 0), as a killed client does, without reading what was sent. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Lines and skipped bytes over a stream, buffered. */
    private static final class AnswerScanner {
        private final InputStream in;
        private final byte[] buf = new byte[65536];
        private int pos;
        private int limit;

        AnswerScanner(InputStream in) {
            this.in = in;
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos == limit) {
                    fill();
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') {
                        sb.setLength(n - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) (b & 0xff));
                if (sb.length() > 4096) {
                    throw new IOException("answer line longer than 4 KiB");
                }
            }
        }

        String bytes(int n) throws IOException {
            StringBuilder sb = new StringBuilder(n);
            while (sb.length() < n) {
                if (pos == limit) {
                    fill();
                }
                int k = Math.min(n - sb.length(), limit - pos);
                sb.append(new String(buf, pos, k, java.nio.charset.StandardCharsets.ISO_8859_1));
                pos += k;
            }
            return sb.toString();
        }

        void skip(long n) throws IOException {
            while (n > 0) {
                if (pos == limit) {
                    fill();
                }
                int k = (int) Math.min(n, limit - pos);
                pos += k;
                n -= k;
            }
        }

        private void fill() throws IOException {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("closed by the server");
            }
            pos = 0;
            limit = n;
        }
    }
}
