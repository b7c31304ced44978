package io.ringcache.node.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.node.server.StatsReport;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** This node's general {@code stats} as name → value, read in place (what a client's {@code stats} gets). */
final class LocalStats {

    private LocalStats() {
    }

    static Map<String, String> read(StatsReport report) {
        ByteBuf out = Unpooled.buffer(4096);
        try {
            report.writeGeneral(out);
            return parse(out.toString(StandardCharsets.US_ASCII));
        } finally {
            out.release();
        }
    }

    /** {@code STAT <name> <value>} lines, in order; anything else is skipped. */
    static Map<String, String> parse(String text) {
        Map<String, String> stats = new LinkedHashMap<>();
        for (String line : text.split("\r\n")) {
            if (line.startsWith("STAT ")) {
                int space = line.indexOf(' ', 5);
                if (space > 5) {
                    stats.put(line.substring(5, space), line.substring(space + 1));
                }
            }
        }
        return stats;
    }
}
