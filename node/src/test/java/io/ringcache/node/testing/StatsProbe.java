package io.ringcache.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/** Reads a server's {@code stats} over a fresh connection. */
public final class StatsProbe {

    private StatsProbe() {
    }

    public static Map<String, String> read(InetSocketAddress server) {
        try (TextConnection c = new TextConnection(server.getPort())) {
            return read(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Over a connection already open (when the server's connection slots may all be taken). */
    public static Map<String, String> read(TextConnection c) {
        try {
            c.send("stats\r\n");
            String answer = c.readUntilLine("END");
            Map<String, String> values = new HashMap<>();
            for (String line : answer.split("\r\n")) {
                String[] parts = line.split(" ", 3);
                if (parts.length == 3 && parts[0].equals("STAT")) {
                    values.put(parts[1], parts[2]);
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long number(InetSocketAddress server, String name) {
        String value = read(server).get(name);
        if (value == null) {
            throw new AssertionError("no STAT " + name);
        }
        return Long.parseLong(value);
    }

    public static long number(int port, String name) {
        return number(new InetSocketAddress("127.0.0.1", port), name);
    }
}
