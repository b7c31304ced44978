package io.ringcache.node.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a scenario script: literal bytes (with {@link Escapes}) and placeholders in braces.
 *
 * <ul>
 *   <li>{@code {250*x}}: the text {@code x} repeated 250 times (send and expect)</li>
 *   <li>{@code {cas:NAME}}: in an expectation, a decimal CAS unique bound to NAME; the same NAME must
 *       always see the same number and different names different numbers (the equality pattern is
 *       compared, never the values); in a request, the number bound to NAME</li>
 *   <li>{@code {num}}: any unsigned decimal (stats values that differ by server)</li>
 *   <li>{@code {ttl:N}}: the remaining TTL N, or N-1 when memcached's second ticked in between</li>
 *   <li>{@code {version}}: a version string starting with {@code 1.6}, as tools switch on it</li>
 *   <li>{@code {stats}}: one or more {@code STAT name value} lines (names and values differ by server)</li>
 * </ul>
 */
public record Template(List<Part> parts) {

    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\\\)\\{([^}]*)}");
    private static final Pattern REPEAT = Pattern.compile("(\\d+)\\*(.+)");

    public sealed interface Part {
    }

    public record Literal(byte[] bytes) implements Part {
    }

    public record Cas(String name) implements Part {
    }

    /** A placeholder that only expectations may hold, given as a regular expression. */
    public record Wildcard(String token, String regex) implements Part {
    }

    public static Template parse(String line, boolean appendCrlf) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(line);
        int at = 0;
        while (m.find()) {
            addLiteral(parts, Escapes.decode(line.substring(at, m.start())));
            parts.add(placeholder(m.group(1)));
            at = m.end();
        }
        addLiteral(parts, Escapes.decode(line.substring(at)));
        if (appendCrlf) {
            addLiteral(parts, new byte[] {'\r', '\n'});
        }
        return new Template(List.copyOf(parts));
    }

    private static Part placeholder(String token) {
        Matcher repeat = REPEAT.matcher(token);
        if (repeat.matches()) {
            byte[] unit = Escapes.decode(repeat.group(2));
            int times = Integer.parseInt(repeat.group(1));
            ByteArrayOutputStream out = new ByteArrayOutputStream(unit.length * times);
            for (int i = 0; i < times; i++) {
                out.writeBytes(unit);
            }
            return new Literal(out.toByteArray());
        }
        if (token.startsWith("cas:")) {
            return new Cas(token.substring(4));
        }
        if (token.equals("num")) {
            return new Wildcard(token, "\\d+");
        }
        if (token.equals("version")) {
            return new Wildcard(token, "1\\.6[^\\r\\n]*");
        }
        if (token.equals("stats")) {
            return new Wildcard(token, "(?:STAT [!-~]+ [^\\r\\n]*\\r\\n)+");
        }
        if (token.startsWith("ttl:")) {
            long ttl = Long.parseLong(token.substring(4));
            return new Wildcard(token, "(?:" + ttl + "|" + (ttl - 1) + ")");
        }
        throw new IllegalArgumentException("unknown placeholder {" + token + "}");
    }

    private static void addLiteral(List<Part> parts, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof Literal previous) {
            byte[] joined = RawClient.concat(previous.bytes(), bytes);
            parts.set(parts.size() - 1, new Literal(joined));
        } else {
            parts.add(new Literal(bytes));
        }
    }

    public boolean refersToCas() {
        return parts.stream().anyMatch(p -> p instanceof Cas);
    }

    /** The bytes to send, with CAS names replaced by the numbers bound so far. */
    public byte[] render(Map<String, String> casBindings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.writeBytes(literal.bytes());
            } else if (part instanceof Cas cas) {
                String value = casBindings.get(cas.name());
                if (value == null) {
                    throw new IllegalStateException("{cas:" + cas.name() + "} used before an answer bound it");
                }
                out.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
            } else if (part instanceof Wildcard wildcard) {
                throw new IllegalStateException("{" + wildcard.token() + "} may only be expected, not sent");
            }
        }
        return out.toByteArray();
    }

    /** The template as written in a script, for failure messages. */
    public String show() {
        StringBuilder shown = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                shown.append(Escapes.show(literal.bytes()));
            } else if (part instanceof Cas cas) {
                shown.append("{cas:").append(cas.name()).append('}');
            } else if (part instanceof Wildcard wildcard) {
                shown.append('{').append(wildcard.token()).append('}');
            }
        }
        return shown.toString();
    }
}
