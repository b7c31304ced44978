package io.ringcache.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.testing.TextConnection;
import io.ringcache.node.testing.TextConnection.Feed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden answers for every classic command and every row of docs/bad-input.md that a single
 * connection can show, over a real socket, each fed whole, byte by byte and in odd chunks.
 * Expected texts may hold {@code {n}}, which matches any decimal (CAS uniques).
 */
class GoldenProtocolTest {

    private static final String K250 = "k".repeat(250);
    private static final String K251 = "k".repeat(251);
    private static CacheNode node;

    @BeforeAll
    static void start() {
        node = CacheNode.start(NodeSettings.builder().host("127.0.0.1").port(0).eventLoopThreads(2).build());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void emptyCache() throws IOException {
        try (TextConnection c = new TextConnection(node.port())) {
            assertThat(c.transcript("flush_all\r\n")).isEqualTo("OK\r\n");
        }
    }

    static Stream<Arguments> rows() {
        List<Arguments> rows = new ArrayList<>();
        for (Row row : table()) {
            for (Feed feed : Feed.values()) {
                rows.add(Arguments.of(row.name, feed, row));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("rows")
    void answersAsGolden(String name, Feed feed, Row row) throws IOException {
        try (TextConnection c = new TextConnection(node.port())) {
            String got = c.transcript(row.input, feed);
            assertThat(got).matches(pattern(row.expected));
        }
    }

    record Row(String name, String input, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row row(String name, String input, String expected) {
        return new Row(name, input, expected);
    }

    static List<Row> table() {
        return List.of(
                // storage and retrieval
                row("set then get", "set a 1 0 3\r\nabc\r\nget a\r\n", "STORED\r\nVALUE a 1 3\r\nabc\r\nEND\r\n"),
                row("empty value", "set a 0 0 0\r\n\r\nget a\r\n", "STORED\r\nVALUE a 0 0\r\n\r\nEND\r\n"),
                row("value with CRLF inside", "set a 0 0 4\r\n\r\n\r\n\r\nget a\r\n", "STORED\r\nVALUE a 0 4\r\n\r\n\r\n\r\nEND\r\n"),
                row("max 32-bit flags", "set a 4294967295 0 1\r\nx\r\nget a\r\n", "STORED\r\nVALUE a 4294967295 1\r\nx\r\nEND\r\n"),
                row("get many keys, some missing", "set a 0 0 1\r\n1\r\nset c 0 0 1\r\n3\r\nget a b c\r\n",
                        "STORED\r\nSTORED\r\nVALUE a 0 1\r\n1\r\nVALUE c 0 1\r\n3\r\nEND\r\n"),
                row("gets shows cas", "set a 0 0 1\r\n1\r\ngets a\r\n", "STORED\r\nVALUE a 0 1 {n}\r\n1\r\nEND\r\n"),
                row("get miss", "get nothing\r\n", "END\r\n"),
                row("spaces between keys", "set a 0 0 1\r\n1\r\nget   a  \r\n", "STORED\r\nVALUE a 0 1\r\n1\r\nEND\r\n"),
                row("bare LF line end", "set a 0 0 1\n1\r\nget a\n", "STORED\r\nVALUE a 0 1\r\n1\r\nEND\r\n"),
                row("add new / existing", "add a 0 0 1\r\n1\r\nadd a 0 0 1\r\n2\r\nget a\r\n",
                        "STORED\r\nNOT_STORED\r\nVALUE a 0 1\r\n1\r\nEND\r\n"),
                row("replace missing / existing", "replace a 0 0 1\r\n1\r\nset a 0 0 1\r\n1\r\nreplace a 7 0 1\r\n2\r\nget a\r\n",
                        "NOT_STORED\r\nSTORED\r\nSTORED\r\nVALUE a 7 1\r\n2\r\nEND\r\n"),
                row("append/prepend keep flags", "append a 0 0 1\r\nx\r\nset a 3 0 2\r\nmm\r\nappend a 9 0 2\r\nzz\r\nprepend a 9 0 2\r\naa\r\nget a\r\n",
                        "NOT_STORED\r\nSTORED\r\nSTORED\r\nSTORED\r\nVALUE a 3 6\r\naammzz\r\nEND\r\n"),
                row("cas on missing key", "cas a 0 0 1 1\r\nx\r\n", "NOT_FOUND\r\n"),
                row("cas with stale unique", "set a 0 0 1\r\n1\r\ncas a 0 0 1 999999999\r\nx\r\n", "STORED\r\nEXISTS\r\n"),
                row("cas max unique", "set a 0 0 1\r\n1\r\ncas a 0 0 1 18446744073709551615\r\nx\r\n", "STORED\r\nEXISTS\r\n"),
                row("delete", "set a 0 0 1\r\n1\r\ndelete a\r\ndelete a\r\nget a\r\n", "STORED\r\nDELETED\r\nNOT_FOUND\r\nEND\r\n"),
                row("delete with legacy 0", "set a 0 0 1\r\n1\r\ndelete a 0\r\n", "STORED\r\nDELETED\r\n"),
                row("delete k 10", "delete a 10\r\n", "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"),
                row("incr/decr", "set n 0 0 2\r\n10\r\nincr n 5\r\ndecr n 3\r\nget n\r\n", "STORED\r\n15\r\n12\r\nVALUE n 0 2\r\n12\r\nEND\r\n"),
                row("incr wraps at 2^64", "set n 0 0 20\r\n18446744073709551615\r\nincr n 1\r\n", "STORED\r\n0\r\n"),
                row("decr floors at 0", "set n 0 0 1\r\n5\r\ndecr n 10\r\n", "STORED\r\n0\r\n"),
                row("incr on missing", "incr n 1\r\ndecr n 1\r\n", "NOT_FOUND\r\nNOT_FOUND\r\n"),
                row("incr non-numeric", "set n 0 0 2\r\nab\r\nincr n 1\r\n",
                        "STORED\r\nCLIENT_ERROR cannot increment or decrement non-numeric value\r\n"),
                row("incr bad deltas", "set n 0 0 1\r\n1\r\nincr n abc\r\nincr n -1\r\nincr n 18446744073709551616\r\n",
                        "STORED\r\n" + "CLIENT_ERROR invalid numeric delta argument\r\n".repeat(3)),
                row("touch", "set a 0 0 1\r\n1\r\ntouch a 100\r\ntouch b 100\r\n", "STORED\r\nTOUCHED\r\nNOT_FOUND\r\n"),
                row("touch bad exptime", "touch a abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n"),
                row("gat/gats", "set a 2 0 1\r\n1\r\ngat 100 a b\r\ngats 100 a\r\n",
                        "STORED\r\nVALUE a 2 1\r\n1\r\nEND\r\nVALUE a 2 1 {n}\r\n1\r\nEND\r\n"),
                row("gat without keys", "gat 10\r\n", "ERROR\r\n"),
                row("flush_all", "set a 0 0 1\r\n1\r\nflush_all\r\nget a\r\nset a 0 0 1\r\n2\r\nget a\r\n",
                        "STORED\r\nOK\r\nEND\r\nSTORED\r\nVALUE a 0 1\r\n2\r\nEND\r\n"),
                row("flush_all 0 noreply", "set a 0 0 1\r\n1\r\nflush_all 0 noreply\r\nget a\r\n", "STORED\r\nEND\r\n"),
                row("flush_all bad delay", "flush_all abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n"),
                row("verbosity", "verbosity 1\r\nverbosity 1 noreply\r\nverbosity\r\n", "OK\r\nERROR\r\n"),
                row("stats items and slabs are empty", "stats items\r\nstats slabs\r\n", "END\r\nEND\r\n"),
                row("stats reset", "stats reset\r\n", "RESET\r\n"),
                // noreply everywhere it is allowed
                row("noreply storage", "set a 0 0 1 noreply\r\n1\r\nadd a 0 0 1 noreply\r\n2\r\nreplace a 0 0 1 noreply\r\n3\r\n"
                        + "append a 0 0 1 noreply\r\n4\r\nprepend a 0 0 1 noreply\r\n5\r\ncas a 0 0 1 1 noreply\r\n6\r\nget a\r\n",
                        "VALUE a 0 3\r\n534\r\nEND\r\n"),
                row("noreply others", "set n 0 0 1\r\n5\r\nincr n 1 noreply\r\ndecr n 2 noreply\r\ntouch n 10 noreply\r\nget n\r\n"
                        + "delete n noreply\r\ndelete n 0 noreply\r\nget n\r\n",
                        "STORED\r\nVALUE n 0 1\r\n4\r\nEND\r\nEND\r\n"),
                row("errors on noreply commands are silent", "set a 0 0 2 noreply\r\nhiXX\r\nincr a abc noreply\r\n"
                        + "delete a 10 noreply\r\nset a abc 0 1 noreply\r\nx\r\n", ""),
                row("trailing token that is not noreply", "set a 0 0 1 junk\r\n1\r\n", "STORED\r\n"),
                // bad input, per docs/bad-input.md
                row("250-byte key", "set " + K250 + " 0 0 1\r\n1\r\nget " + K250 + "\r\n",
                        "STORED\r\nVALUE " + K250 + " 0 1\r\n1\r\nEND\r\n"),
                row("set with a 251-byte key swallows the data", "set " + K251 + " 0 0 5\r\nhello\r\n",
                        "CLIENT_ERROR bad command line format\r\n"),
                row("get with a 251-byte key", "get " + K251 + "\r\n", "CLIENT_ERROR bad command line format\r\n"),
                row("key with 0x01", "set a\u0001b 0 0 1\r\n1\r\nget a\u0001b\r\n",
                        "CLIENT_ERROR bad command line format\r\nCLIENT_ERROR bad command line format\r\n"),
                row("key with TAB", "set a\tb 0 0 1\r\n1\r\n", "CLIENT_ERROR bad command line format\r\n"),
                row("key with DEL", "get a\u007fb\r\n", "CLIENT_ERROR bad command line format\r\n"),
                row("key with NUL", "set a\u0000b 0 0 1\r\n1\r\nget a\u0000b\r\n",
                        "CLIENT_ERROR bad command line format\r\nCLIENT_ERROR bad command line format\r\n"),
                row("byte count -1", "set a 0 0 -1\r\n", "CLIENT_ERROR bad command line format\r\n"),
                row("byte count 4294967295", "set a 0 0 4294967295\r\n", "CLIENT_ERROR bad command line format\r\n"),
                row("byte count abc", "set a 0 0 abc\r\n", "CLIENT_ERROR bad command line format\r\n"),
                row("data longer than declared", "set a 0 0 1\r\nA\r\nset a 0 0 2\r\nhiXX\r\nget a\r\n",
                        "STORED\r\nCLIENT_ERROR bad data chunk\r\nVALUE a 0 1\r\nA\r\nEND\r\n"),
                row("value over max item size", "set a 0 0 1\r\nA\r\nset a 0 0 1048576\r\n" + "x".repeat(1048576) + "\r\nget a\r\n",
                        "STORED\r\nSERVER_ERROR object too large for cache\r\nEND\r\n"),
                row("largest value that fits", "set a 0 0 1048512\r\n" + "x".repeat(1048512) + "\r\n", "STORED\r\n"),
                row("flags abc / -1", "set a abc 0 1\r\n1\r\nset a -1 0 1\r\n1\r\n", "CLIENT_ERROR bad command line format\r\n".repeat(2)),
                row("exptime abc / 10x", "set a 0 abc 1\r\n1\r\nset a 0 10x 1\r\n1\r\n", "CLIENT_ERROR bad command line format\r\n".repeat(2)),
                row("flags 4294967296", "set a 4294967296 0 1\r\n1\r\n", "CLIENT_ERROR bad command line format\r\n"),
                row("exptime -1", "set a 0 -1 1\r\n1\r\nget a\r\n", "STORED\r\nEND\r\n"),
                row("unknown command", "bogus\r\n", "ERROR\r\n"),
                row("empty line", "\r\n", "ERROR\r\n"),
                row("upper-case GET", "GET a\r\n", "ERROR\r\n"),
                row("bare get", "get\r\n", "ERROR\r\n"),
                row("random bytes", "\u00ff\u0013qz\u00e9~!\r\n", "ERROR\r\n"),
                row("wrong argument count", "set a 0 0\r\nincr a\r\ntouch a\r\ncas a 0 0 1\r\n", "ERROR\r\n".repeat(4)),
                // meta commands beyond memcached 1.6.18 (differential scripts cover the rest)
                // E gives one item its unique; others still take theirs from their versions, so an E
                // value, however large, moves no counter (ours cannot wrap)
                row("ms E sets the CAS unique of that item only",
                        "ms a 1 E18446744073709551615 c\r\nx\r\nms b 1 c\r\ny\r\nmg a c v\r\nms b 1 c\r\nz\r\n",
                        "HD c18446744073709551615\r\nHD c{n}\r\nVA 1 c18446744073709551615\r\nx\r\nHD c{n}\r\n"),
                row("ma E and md I E set the CAS unique",
                        "ma n N0 J7 E900 c v\r\nma n E901 c v\r\nmd n I E950\r\nmg n c\r\n",
                        "VA 1 c900\r\n7\r\nVA 1 c901\r\n8\r\nHD\r\nHD c950 X W\r\n"),
                // as memcached 1.6.18 answered this very input; its md has no x yet
                row("mg h: fetched before this request, by mg or get",
                        "set a 0 0 1\r\nx\r\nmg a h v\r\nmg a h\r\nget a\r\nmg a h\r\nmg missing h l\r\nmd a x\r\nmn\r\n",
                        "STORED\r\nVA 1 h0\r\nx\r\nHD h1\r\nVALUE a 0 1\r\nx\r\nEND\r\nHD h1\r\nEN\r\n"
                                + "CLIENT_ERROR invalid or duplicate flag\r\nMN\r\n"),
                row("ms binary key round trip with k",
                        "ms AAEC/w== 2 b k\r\nhi\r\nmg AAEC/w== b k v\r\n",
                        "HD kAAEC/w== b\r\nVA 2 kAAEC/w== b\r\nhi\r\n"),
                row("ma vivify with quiet still gives the value asked for",
                        "ma c N0 J5 q v\r\nma c q\r\nma c v\r\n", "VA 1\r\n5\r\nVA 1\r\n7\r\n"),
                row("mixed commands pipelined", "set a 0 0 1\r\n1\r\nbogus\r\nget a\r\nincr a 2\r\ndelete a\r\nget a\r\n",
                        "STORED\r\nERROR\r\nVALUE a 0 1\r\n1\r\nEND\r\n3\r\nDELETED\r\nEND\r\n"));
    }

    /** The expected text as a regex: literal, except {@code {n}} matches a decimal. */
    static String pattern(String expected) {
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("\\{n}").matcher(expected);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(expected.substring(at, m.start()))).append("\\d+");
            at = m.end();
        }
        regex.append(Pattern.quote(expected.substring(at)));
        return "(?s)" + regex;
    }
}
