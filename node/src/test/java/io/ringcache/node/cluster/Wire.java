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
