package io.ringcache.node.conformance;

import java.io.ByteArrayOutputStream;

/** The escape syntax of scenario scripts, and the reverse for showing received bytes in messages. */
public final class Escapes {

    private Escapes() {
    }

    /** Bytes shown with {@code \r \n \t \\ \xHH} escapes, so control bytes are visible in a failure. */
    public static String show(byte[] bytes) {
        StringBuilder shown = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\r' -> shown.append("\\r");
                case '\n' -> shown.append("\\n");
                case '\t' -> shown.append("\\t");
                case '\\' -> shown.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        shown.append(String.format("\\x%02x", c));
                    } else {
                        shown.append((char) c);
                    }
                }
            }
        }
        return shown.toString();
    }

    /**
     * Decodes {@code \r \n \t \0 \s (space) \\ \{ \} \xHH} in script text; every other character
     * stands for itself (ISO-8859-1).
     */
    public static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            if (++i == text.length()) {
                throw new IllegalArgumentException("dangling backslash in: " + text);
            }
            char e = text.charAt(i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case 's' -> out.write(' ');
                case '\\', '{', '}' -> out.write(e);
                case 'x' -> {
                    if (i + 2 >= text.length()) {
                        throw new IllegalArgumentException("short \\x escape in: " + text);
                    }
                    out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e + " in: " + text);
            }
        }
        return out.toByteArray();
    }
}
