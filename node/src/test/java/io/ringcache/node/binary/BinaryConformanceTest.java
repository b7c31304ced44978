package io.ringcache.node.binary;

import static io.ringcache.node.binary.Bin.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.conformance.Feed;
import io.ringcache.node.conformance.MemcachedProcess;
import io.ringcache.node.conformance.ServerUnderTest;
import io.ringcache.node.conformance.Targets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The binary protocol, played against Debian's memcached 1.6.18 and the target (a ringcache node):
 * every scenario's answers must be the same packets byte for byte (opcode, status, opaque, extras,
 * key, value, the error words), with CAS uniques compared by their pattern (zero stays zero, equal
 * stays equal) and the version by its 1.6 prefix. Each scenario is fed whole, byte by byte (but for
 * the large values) and in odd chunks, each time to fresh servers. A scenario that ends in a close
 * sends nothing after the request that closes: a server that closes with unread input resets the
 * connection, and the reset may overtake the answer.
 */
public class BinaryConformanceTest {

    interface Play {
        void play(BinarySession s) throws IOException;
    }

    record Scenario(String name, boolean large, Play play) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> runs() {
        return scenarios().stream().flatMap(s -> Feed.all(s.name().hashCode()).stream()
                .filter(f -> !(s.large() && f.name().equals("byte-by-byte")))
                .map(f -> Arguments.of(s, f)));
    }

    @ParameterizedTest(name = "{0} fed {1}")
    @MethodSource("runs")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void memcachedAndTargetAnswerAlike(Scenario scenario, Feed feed) throws IOException {
        List<String> expected;
        try (MemcachedProcess oracle = MemcachedProcess.start()) {
            expected = play(scenario, oracle.address(), feed);
        }
        List<String> actual;
        try (ServerUnderTest target = Targets.start()) {
            actual = play(scenario, target.address(), feed);
        }
        assertThat(actual).as(scenario.name() + " fed " + feed + ": the target against memcached 1.6.18")
                .containsExactlyElementsOf(expected);
    }

    private static List<String> play(Scenario scenario, InetSocketAddress address, Feed feed) throws IOException {
        try (BinarySession s = new BinarySession(address, feed)) {
            scenario.play().play(s);
            List<String> shown = normalise(s.transcript());
            shown.add(s.closed() ? "(closed)" : "(open)");
            return shown;
        }
    }

    /** CAS uniques by first appearance (c1, c2, ...; 0 stays 0), the version by prefix, stats by shape. */
    public static List<String> normalise(List<BinaryPacket> packets) {
        Map<Long, String> casNames = new HashMap<>();
        List<String> shown = new ArrayList<>();
        boolean inStats = false;
        for (BinaryPacket p : packets) {
            if (p.opcode() == STAT && p.key().length > 0 && p.status() == 0) {
                if (!inStats) {
                    shown.add("(stat packets)");
                }
                inStats = true;
                continue;
            }
            inStats = false;
            String cas = p.cas() == 0 ? "0" : casNames.computeIfAbsent(p.cas(), c -> "c" + (casNames.size() + 1));
            BinaryPacket q = p;
            if (p.opcode() == VERSION && p.status() == 0 && p.valueText().startsWith("1.6")) {
                q = new BinaryPacket(p.magic(), p.opcode(), p.status(), p.opaque(), p.cas(), p.extras(), p.key(),
                        BinaryPacket.ascii("1.6.*"));
            }
            shown.add(q.show(cas));
        }
        return shown;
    }

    static List<Scenario> scenarios() {
        return List.of(
            new Scenario("get family on a miss", false, s -> s.send(get(GET, "nokey"), get(GETK, "nokey"),
                    get(GETQ, "nokey"), get(GETKQ, "nokey"), gat(GAT, "nokey", 10), gat(GATK, "nokey", 10),
                    gat(GATQ, "nokey", 10), gat(GATKQ, "nokey", 10), gat(TOUCH, "nokey", 10))),
            new Scenario("get family on a hit", false, s -> {
                s.send(store(SET, "k", 0xdeadbeef, 0, "hello", 0), get(GET, "k"), get(GETQ, "k"), get(GETK, "k"),
                        get(GETKQ, "k"));
                s.send(gat(GAT, "k", 100), gat(GATK, "k", 100), gat(GATQ, "k", 0), gat(GATKQ, "k", 0),
                        gat(TOUCH, "k", 100), get(GET, "k"));
                s.send(store(SETQ, "q", 7, 0, "quiet", 0), get(GETK, "q"));
            }),
            new Scenario("a multi-get as quiet gets", false, s -> s.send(set("a", "1"), set("c", "3"),
                    get(GETKQ, "a"), get(GETKQ, "b"), get(GETKQ, "c"), get(GETQ, "a"), get(GETQ, "b"))),
            new Scenario("add and replace", false, s -> s.send(store(ADD, "a", 1, 0, "x", 0),
                    store(ADD, "a", 2, 0, "y", 0), store(ADDQ, "a", 2, 0, "y", 0), store(REPLACE, "r", 0, 0, "x", 0),
                    store(REPLACEQ, "r", 0, 0, "x", 0), store(REPLACE, "a", 3, 0, "z", 0),
                    store(REPLACEQ, "a", 4, 0, "w", 0), get(GET, "a"))),
            new Scenario("compare and swap", false, s -> {
                long cas = s.send(set("k", "v1")).get(0).cas();
                s.send(store(SET, "k", 0, 0, "v2", cas), store(SET, "k", 0, 0, "v3", cas),
                        store(SET, "missing", 0, 0, "x", cas), get(GET, "k"));
                long current = s.send(get(GET, "k")).get(0).cas();
                s.send(store(REPLACE, "k", 0, 0, "v4", current), store(ADD, "k", 0, 0, "v5", current),
                        store(ADD, "k", 0, 0, "v5", 999_999_999L), get(GET, "k"));
            }),
            new Scenario("delete", false, s -> {
                s.send(delete(DELETE, "nokey", 0), delete(DELETEQ, "nokey", 0), set("d", "1"), delete(DELETE, "d", 0),
                        get(GET, "d"), set("q", "1"), delete(DELETEQ, "q", 0), get(GET, "q"));
                long cas = s.send(set("c", "1")).get(0).cas();
                s.send(delete(DELETE, "c", 999_999_999L), get(GET, "c"), delete(DELETE, "c", cas), get(GET, "c"));
            }),
            new Scenario("incr and decr", false, s -> {
                s.send(arithmetic(INCR, "n", 1, 0, NO_CREATE, 0), arithmetic(DECR, "n", 1, 0, NO_CREATE, 0),
                        arithmetic(INCR, "n", 1, 5, 0, 0), arithmetic(INCR, "n", 10, 0, 0, 0),
                        arithmetic(DECR, "n", 100, 0, 0, 0), arithmetic(INCRQ, "n", 7, 0, 0, 0),
                        arithmetic(DECRQ, "n", 2, 0, 0, 0), arithmetic(INCR, "n", 0, 0, 0, 0),
                        arithmetic(DECR, "m", 1, 42, 0, 0),
                        arithmetic(INCRQ, "o", 1, 9, 0, 0), get(GET, "o"));
                s.send(set("text", "abc"), arithmetic(INCR, "text", 1, 0, 0, 0), arithmetic(INCRQ, "text", 1, 0, 0, 0),
                        set("max", "18446744073709551615"), arithmetic(INCR, "max", 1, 0, 0, 0));
                // (no get after a counter got shorter: memcached pads it with spaces in place)
                long cas = s.send(arithmetic(INCR, "n", 0, 0, 0, 0)).get(0).cas();
                s.send(arithmetic(INCR, "n", 1, 0, 0, 999_999_999L), arithmetic(INCR, "n", 1, 0, 0, cas),
                        arithmetic(INCR, "n", 1, 0, NO_CREATE, 0));
            }),
            new Scenario("append and prepend", false, s -> {
                s.send(concat(APPEND, "m", "x", 0), concat(PREPENDQ, "m", "x", 0), store(SET, "k", 9, 0, "b", 0),
                        concat(APPEND, "k", "c", 0), concat(PREPEND, "k", "a", 0), concat(APPENDQ, "k", "d", 0),
                        concat(PREPENDQ, "k", "_", 0), get(GET, "k"));
                long cas = s.send(get(GET, "k")).get(0).cas();
                s.send(concat(APPEND, "k", "!", 999_999_999L), concat(APPEND, "k", "!", cas), get(GET, "k"));
            }),
            new Scenario("flush", false, s -> s.send(set("x", "1"), flush(FLUSH, null), get(GET, "x"), set("y", "1"),
                    flush(FLUSHQ, null), get(GET, "y"), set("z", "1"), flush(FLUSH, 3600), get(GET, "z"))),
            new Scenario("noop, version and stats", false, s -> s.send(simple(NOOP), simple(VERSION), stat(""),
                    stat("settings"), stat("nonsense"), stat("reset"), simple(NOOP))),
            new Scenario("an opcode memcached does not serve", false, s -> s.send(simple(SASL_LIST_MECHS),
                    raw(0x40, new byte[0], new byte[0], new byte[0]), set("k", "v"), get(GET, "k"))),
            new Scenario("quit answers, then closes", false, s -> {
                s.send(set("k", "v"));
                s.sendAndExpectClose(simple(QUIT));
            }),
            new Scenario("quitq closes without a word", false, s -> s.sendAndExpectClose(simple(QUITQ))),
            new Scenario("get with extras is a protocol error", false, s -> {
                s.send(set("k", "v"));
                s.sendAndExpectClose(raw(GET, new byte[4], BinaryPacket.ascii("k"), new byte[0]));
            }),
            new Scenario("a key over 250 bytes", false,
                    s -> s.sendAndExpectClose(get(GET, "k".repeat(251)))),
            new Scenario("set without its extras", false,
                    s -> s.sendAndExpectClose(raw(SET, new byte[0], BinaryPacket.ascii("k"), BinaryPacket.ascii("v")))),
            new Scenario("a wrong magic closes silently", false, s -> {
                s.send(set("k", "v"));
                byte[] request = BinaryPacket.request(GET, new byte[0], BinaryPacket.ascii("k"), new byte[0], 0, 1);
                request[0] = (byte) 0x81;
                s.sendRawAndExpectClose(request);
            }),
            new Scenario("a key longer than the body", false, s -> {
                ByteBuffer b = ByteBuffer.allocate(24 + 10);
                b.put((byte) 0x80).put((byte) GET).putShort((short) 10).put((byte) 0).put((byte) 0).putShort((short) 0)
                        .putInt(5).putInt(1).putLong(0).put(BinaryPacket.ascii("0123456789"));
                s.sendRawAndExpectClose(b.array());
            }),
            new Scenario("a large value", true, s -> {
                byte[] value = new byte[600_000];
                for (int i = 0; i < value.length; i++) {
                    value[i] = (byte) i;
                }
                s.send(store(SET, "big", 1, 0, value, 0), get(GETK, "big"), get(GET, "small"));
            }),
            new Scenario("a value over the item size limit", true, s -> s.send(set("k", "old"),
                    store(SET, "k", 0, 0, new byte[1024 * 1024 + 1], 0), get(GET, "k"), set("after", "ok"),
                    get(GET, "after"))));
    }
}
