package io.ringcache.node.conformance;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The answer to {@code stats}, parsed: names and values as the server gave them. */
record Stats(Map<String, String> values) {

    static Stats of(RawClient client) throws IOException {
        String answer = Exchange.answers(client, "stats\r\n");
        if (!answer.endsWith("END\r\n")) {
            throw new AssertionError("stats did not end with END: " + Escapes.show(RawClient.ascii(answer)));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : answer.substring(0, answer.length() - 5).split("\r\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length != 3 || !parts[0].equals("STAT")) {
                throw new AssertionError("not a STAT line: " + line);
            }
            values.put(parts[1], parts[2]);
        }
        return new Stats(values);
    }

    long number(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new AssertionError("no STAT " + name + " in " + values.keySet());
        }
        return Long.parseLong(value);
    }
}
