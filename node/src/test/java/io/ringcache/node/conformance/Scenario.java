package io.ringcache.node.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A conformance scenario read from a script (see {@code src/test/resources/conformance/README.md}):
 * what one client sends and what it must get back, in order.
 */
public record Scenario(String name, List<Step> steps) {

    public sealed interface Step {
    }

    /** Bytes to send; {@code >} lines end in CRLF, {@code >>} lines are sent as written. */
    public record Send(Template bytes, int line) implements Step {
    }

    /** Bytes the server must answer; {@code <} lines end in CRLF, {@code <<} lines as written. */
    public record Expect(Template bytes, int line) implements Step {
    }

    /** {@code !closed}: the server must close the connection after the answers before it. */
    public record ExpectClosed(int line) implements Step {
    }

    /** {@code !sync}: wait for every answer so far before sending more (ends a batch). */
    public record Sync(int line) implements Step {
    }

    public static Scenario load(String resource) {
        try (InputStream in = Scenario.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario resource " + resource);
            }
            String name = resource.substring(resource.lastIndexOf('/') + 1).replaceFirst("\\.script$", "");
            return parse(name, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario parse(String name, String script) {
        List<Step> steps = new ArrayList<>();
        String[] lines = script.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            try {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                } else if (line.startsWith(">> ")) {
                    steps.add(new Send(Template.parse(line.substring(3), false), number));
                } else if (line.startsWith("> ") || line.equals(">")) {
                    steps.add(new Send(Template.parse(line.length() > 2 ? line.substring(2) : "", true), number));
                } else if (line.startsWith("<< ")) {
                    steps.add(new Expect(Template.parse(line.substring(3), false), number));
                } else if (line.startsWith("< ") || line.equals("<")) {
                    steps.add(new Expect(Template.parse(line.length() > 2 ? line.substring(2) : "", true), number));
                } else if (line.equals("!sync")) {
                    steps.add(new Sync(number));
                } else if (line.equals("!closed")) {
                    steps.add(new ExpectClosed(number));
                } else {
                    throw new IllegalArgumentException("a line starts with >, >>, <, <<, !sync, !closed or #");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ".script:" + number + ": " + e.getMessage() + ": " + line, e);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(name + ".script has no steps");
        }
        return new Scenario(name, List.copyOf(steps));
    }

    @Override
    public String toString() {
        return name;
    }
}
