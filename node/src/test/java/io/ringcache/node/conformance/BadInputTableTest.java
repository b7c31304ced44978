package io.ringcache.node.conformance;

import static io.ringcache.node.conformance.Exchange.answers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One test per row of {@code docs/bad-input.md}. Rows marked "same" run against memcached and the
 * target (proving the row); rows where ringcache deliberately differs check memcached's column
 * against memcached and ringcache's column against the target. Where the connection should survive,
 * each test also checks that it still serves, and that another client is unaffected.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTableTest {

    private static final String KEY_250 = "k".repeat(250);
    private static final String KEY_251 = "k".repeat(251);

    private final Servers servers = new Servers();

    @AfterEach
    void stopServers() {
        servers.close();
    }

    /** Runs {@code row} against memcached, then the target; each on a fresh server. */
    private void same(RowCheck row) throws IOException {
        for (ServerUnderTest server : servers.both()) {
            checkRow(server, row);
        }
    }

    private void checkRow(ServerUnderTest server, RowCheck row) throws IOException {
        try (RawClient bystander = RawClient.connect(server.address());
                RawClient client = RawClient.connect(server.address())) {
            assertThat(answers(bystander, "set bystander 0 0 2\r\nok\r\n")).isEqualTo("STORED\r\n");
            row.check(client, server.name());
            assertThat(answers(bystander, "get bystander\r\n"))
                    .as("another client on %s after the row", server.name())
                    .isEqualTo("VALUE bystander 0 2\r\nok\r\nEND\r\n");
        }
    }

    /** Memcached's column against memcached, ringcache's column against the target when it is ringcache. */
    private void differs(RowCheck memcachedColumn, RowCheck ringcacheColumn) throws IOException {
        checkRow(servers.memcached(), memcachedColumn);
        assumeTrue(Targets.isRingcache(), "ringcache's column only applies to ringcache");
        checkRow(servers.target(), ringcacheColumn);
    }

    @FunctionalInterface
    interface RowCheck {
        void check(RawClient client, String server) throws IOException;
    }

    private static void survives(RawClient client, String server) throws IOException {
        assertThat(Exchange.stillServes(client)).as("%s: connection still serves", server).isTrue();
    }

    @Test
    @DisplayName("250-byte key: STORED")
    void key250() throws IOException {
        same((client, server) -> {
            assertThat(answers(client, "set " + KEY_250 + " 0 0 1\r\na\r\n")).as(server).isEqualTo("STORED\r\n");
            assertThat(answers(client, "get " + KEY_250 + "\r\n")).as(server)
                    .isEqualTo("VALUE " + KEY_250 + " 0 1\r\na\r\nEND\r\n");
        });
    }

    @Test
    @DisplayName("set with a 251-byte key + data: memcached errs then parses the data as a command; ringcache swallows it")
    void set251ByteKey() throws IOException {
        differs((client, server) -> {
            assertThat(answers(client, "set " + KEY_251 + " 0 0 1\r\na\r\n")).as(server)
                    .isEqualTo("CLIENT_ERROR bad command line format\r\nERROR\r\n");
            survives(client, server);
        }, (client, server) -> {
            assertThat(answers(client, "set " + KEY_251 + " 0 0 1\r\na\r\n")).as(server)
                    .isEqualTo("CLIENT_ERROR bad command line format\r\n");
            survives(client, server);
        });
    }

    @Test
    @DisplayName("get with a 251-byte key: CLIENT_ERROR bad command line format")
    void get251ByteKey() throws IOException {
        same((client, server) -> {
            assertThat(answers(client, "get " + KEY_251 + "\r\n")).as(server).isEqualTo("CLIENT_ERROR bad command line format\r\n");
            survives(client, server);
        });
    }

    @Test
    @DisplayName("key containing 0x01, TAB, 0x7f: memcached accepts; ringcache refuses")
    void controlBytesInKey() throws IOException {
        differs((client, server) -> {
            assertThat(answers(client, "set a\u0001b 0 0 1\r\nx\r\n")).as(server).isEqualTo("STORED\r\n");
            assertThat(answers(client, "set a\u007fb 0 0 1\r\nx\r\n")).as(server).isEqualTo("STORED\r\n");
            assertThat(answers(client, "get a\u0001b\r\n")).as(server).isEqualTo("VALUE a\u0001b 0 1\r\nx\r\nEND\r\n");
        }, (client, server) -> {
            for (String key : new String[] {"a\u0001b", "a\tb", "a\u007fb"}) {
                assertThat(answers(client, "set " + key + " 0 0 1\r\nx\r\n")).as("%s: set %s", server, Escapes.show(RawClient.ascii(key)))
                        .isEqualTo("CLIENT_ERROR bad command line format\r\n");
                assertThat(answers(client, "get " + key + "\r\n")).as("%s: get %s", server, Escapes.show(RawClient.ascii(key)))
                        .isEqualTo("CLIENT_ERROR bad command line format\r\n");
            }
            survives(client, server);
        });
    }

    @Test
    @DisplayName("key containing NUL: memcached ERROR ERROR; ringcache CLIENT_ERROR")
    void nulInKey() throws IOException {
        differs((client, server) -> {
            assertThat(answers(client, "set a\u0000b 0 0 1\r\nx\r\n")).as(server).isEqualTo("ERROR\r\nERROR\r\n");
            survives(client, server);
        }, (client, server) -> {
            assertThat(answers(client, "set a\u0000b 0 0 1\r\nx\r\n")).as(server).isEqualTo("CLIENT_ERROR bad command line format\r\n");
            survives(client, server);
        });
    }

    @Test
    @DisplayName("byte count -1, 4294967295, abc: CLIENT_ERROR bad command line format")
    void badByteCount() throws IOException {
        same((client, server) -> {
            for (String count : new String[] {"-1", "4294967295", "abc"}) {
                assertThat(answers(client, "set k 0 0 " + count + "\r\n")).as("%s: byte count %s", server, count)
                        .isEqualTo("CLIENT_ERROR bad command line format\r\n");
            }
            survives(client, server);
        });
    }

    @Test
    @DisplayName("set k 0 0 2 with hiXX: bad data chunk, old value kept")
    void badDataChunk() throws IOException {
        String request = "set k 0 0 1\r\nA\r\nset k 0 0 2\r\nhiXX\r\n";
        differs((client, server) -> {
            assertThat(answers(client, request)).as(server).isEqualTo("STORED\r\nCLIENT_ERROR bad data chunk\r\nERROR\r\n");
            assertThat(answers(client, "get k\r\n")).as(server).isEqualTo("VALUE k 0 1\r\nA\r\nEND\r\n");
        }, (client, server) -> {
            assertThat(answers(client, request)).as(server).isEqualTo("STORED\r\nCLIENT_ERROR bad data chunk\r\n");
            assertThat(answers(client, "get k\r\n")).as(server).isEqualTo("VALUE k 0 1\r\nA\r\nEND\r\n");
        });
    }

    @Test
    @DisplayName("data shorter than declared: the next command is eaten as data")
    void shortDataEatsNextCommand() throws IOException {
        same((client, server) -> {
            // 10 declared bytes: "abc\r\nget k" is the data, its CRLF ends the block
            assertThat(answers(client, "set k 0 0 10\r\nabc\r\nget k\r\n")).as(server).isEqualTo("STORED\r\n");
            assertThat(answers(client, "get k\r\n")).as(server).isEqualTo("VALUE k 0 10\r\nabc\r\nget k\r\nEND\r\n");
        });
    }

    @Test
    @DisplayName("value over the max item size: SERVER_ERROR object too large for cache, data swallowed, old value deleted")
    void valueOverMaxItemSize() throws IOException {
        same((client, server) -> {
            assertThat(answers(client, "set big 0 0 1\r\nA\r\n")).as(server).isEqualTo("STORED\r\n");
            int size = 1024 * 1024 + 1;
            byte[] request = RawClient.concat(RawClient.ascii("set big 0 0 " + size + "\r\n"), new byte[size], RawClient.ascii("\r\n"));
            assertThat(answers(client, request)).as(server).isEqualTo("SERVER_ERROR object too large for cache\r\n");
            assertThat(answers(client, "get big\r\n")).as(server).isEqualTo("END\r\n");
            survives(client, server);
        });
    }

    @Test
    @DisplayName("flags abc or -1, exptime abc or 10x: CLIENT_ERROR; memcached then parses the data as a command")
    void badFlagsOrExptime() throws IOException {
        String[] lines = {"set k abc 0 1", "set k -1 0 1", "set k 0 abc 1", "set k 0 10x 1"};
        differs((client, server) -> {
            for (String line : lines) {
                assertThat(answers(client, line + "\r\nx\r\n")).as("%s: %s", server, line)
                        .isEqualTo("CLIENT_ERROR bad command line format\r\nERROR\r\n");
            }
        }, (client, server) -> {
            for (String line : lines) {
                assertThat(answers(client, line + "\r\nx\r\n")).as("%s: %s", server, line)
                        .isEqualTo("CLIENT_ERROR bad command line format\r\n");
            }
            assertThat(answers(client, "get k\r\n")).as(server).isEqualTo("END\r\n");
        });
    }

    @Test
    @DisplayName("flags 4294967296: memcached stores flags 0; ringcache refuses")
    void flagsOverflow() throws IOException {
        differs((client, server) -> {
            assertThat(answers(client, "set k 4294967296 0 1\r\nx\r\nget k\r\n")).as(server)
                    .isEqualTo("STORED\r\nVALUE k 0 1\r\nx\r\nEND\r\n");
        }, (client, server) -> {
            assertThat(answers(client, "set k 4294967296 0 1\r\nx\r\nget k\r\n")).as(server)
                    .isEqualTo("CLIENT_ERROR bad command line format\r\nEND\r\n");
        });
    }

    @Test
    @DisplayName("exptime -1: STORED, then immediately expired")
    void negativeExptime() throws IOException {
        same((client, server) -> assertThat(answers(client, "set k 0 -1 1\r\nx\r\nget k\r\n")).as(server)
                .isEqualTo("STORED\r\nEND\r\n"));
    }

    @Test
    @DisplayName("exptime over 30 days is an absolute unix time (memcached; ringcache in TtlTest with its clock)")
    void absoluteExptimeOnMemcached() throws IOException {
        long now = System.currentTimeMillis() / 1000;
        checkRow(servers.memcached(), (client, server) -> {
            assertThat(answers(client, "set future 0 " + (now + 3600) + " 1\r\nx\r\nget future\r\n")).as(server)
                    .isEqualTo("STORED\r\nVALUE future 0 1\r\nx\r\nEND\r\n");
            // 30 days and a second after the epoch: an absolute time long past
            assertThat(answers(client, "set past 0 2592001 1\r\nx\r\nget past\r\n")).as(server)
                    .isEqualTo("STORED\r\nEND\r\n");
        });
    }

    @Test
    @DisplayName("incr on a non-numeric value: CLIENT_ERROR cannot increment or decrement non-numeric value")
    void incrNonNumeric() throws IOException {
        same((client, server) -> assertThat(answers(client, "set k 0 0 3\r\nabc\r\nincr k 1\r\ndecr k 1\r\n")).as(server)
                .isEqualTo("STORED\r\nCLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
                        + "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"));
    }

    @Test
    @DisplayName("incr of 2^64-1 by 1 wraps to 0; decr 5 by 10 clamps to 0")
    void incrWrapsDecrClamps() throws IOException {
        same((client, server) -> assertThat(answers(client,
                "set max 0 0 20\r\n18446744073709551615\r\nincr max 1\r\nset five 0 0 1\r\n5\r\ndecr five 10\r\n")).as(server)
                .isEqualTo("STORED\r\n0\r\nSTORED\r\n0\r\n"));
    }

    @Test
    @DisplayName("decr may pad the shorter number with spaces: clients accept 0 or '0 '")
    void decrPadding() throws IOException {
        for (ServerUnderTest server : servers.both()) {
            try (RawClient client = RawClient.connect(server.address())) {
                assertThat(answers(client, "set k 0 0 2\r\n15\r\ndecr k 20\r\n")).as(server.name()).isEqualTo("STORED\r\n0\r\n");
                assertThat(answers(client, "get k\r\n")).as(server.name())
                        .isIn("VALUE k 0 2\r\n0 \r\nEND\r\n", "VALUE k 0 1\r\n0\r\nEND\r\n");
            }
        }
    }

    @Test
    @DisplayName("incr delta abc, -1, 2^64: CLIENT_ERROR invalid numeric delta argument")
    void badDelta() throws IOException {
        same((client, server) -> {
            answers(client, "set k 0 0 1\r\n1\r\n");
            for (String delta : new String[] {"abc", "-1", "18446744073709551616"}) {
                assertThat(answers(client, "incr k " + delta + "\r\n")).as("%s: delta %s", server, delta)
                        .isEqualTo("CLIENT_ERROR invalid numeric delta argument\r\n");
            }
            survives(client, server);
        });
    }

    @Test
    @DisplayName("cas on a missing key / stale unique: NOT_FOUND / EXISTS")
    void casMissingAndStale() throws IOException {
        same((client, server) -> {
            assertThat(answers(client, "cas k 0 0 1 1\r\nx\r\n")).as(server).isEqualTo("NOT_FOUND\r\n");
            answers(client, "set k 0 0 1\r\na\r\n");
            String gets = answers(client, "gets k\r\n");
            long unique = Long.parseLong(gets.split("\r\n")[0].split(" ")[4]);
            answers(client, "set k 0 0 1\r\nb\r\n");
            assertThat(answers(client, "cas k 0 0 1 " + unique + "\r\nc\r\n")).as(server).isEqualTo("EXISTS\r\n");
        });
    }

    @Test
    @DisplayName("unknown command, empty line, GET, bare get: ERROR")
    void unknownCommands() throws IOException {
        same((client, server) -> {
            assertThat(answers(client, "bogus\r\n\r\nGET k\r\nget\r\n")).as(server).isEqualTo("ERROR\r\n".repeat(4));
            survives(client, server);
        });
    }

    @Test
    @DisplayName("delete k 10: the usage error")
    void deleteWithTime() throws IOException {
        same((client, server) -> assertThat(answers(client, "delete k 10\r\n")).as(server)
                .isEqualTo("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"));
    }

    @Test
    @DisplayName("an error on a noreply command: nothing sent back")
    void noreplyErrorsAreSilent() throws IOException {
        same((client, server) -> {
            assertThat(answers(client, "set t 0 0 1 noreply\r\nx\r\nincr t 1 noreply\r\nincr t abc noreply\r\n"
                    + "incr missing 1 noreply\r\nadd t 0 0 1 noreply\r\ny\r\ncas t 0 0 1 1 noreply\r\nz\r\n")).as(server).isEmpty();
            survives(client, server);
        });
    }

    @Test
    @DisplayName("mixed commands pipelined in one write: answered in order")
    void pipelinedInOrder() throws IOException {
        same((client, server) -> assertThat(answers(client,
                "set a 0 0 1\r\n1\r\nget a\r\nincr a 2\r\ndelete a\r\nget a\r\nmg a v\r\nversion\r\n")).as(server)
                .startsWith("STORED\r\nVALUE a 0 1\r\n1\r\nEND\r\n3\r\nDELETED\r\nEND\r\nEN\r\nVERSION 1.6"));
    }

    @Test
    @DisplayName("over 2048 bytes with no newline, not a get: connection closed")
    void longLineClosed() throws IOException {
        same((client, server) -> {
            client.send("x".repeat(4096));
            assertThat(client.awaitClosed()).as("%s closes the connection", server).isTrue();
        });
    }

    @Test
    @DisplayName("get followed by 64 MiB without a newline: ringcache answers CLIENT_ERROR line too long and closes")
    void endlessGetLine() throws IOException {
        assumeTrue(Targets.isRingcache(), "memcached holds the connection and grows without bound");
        checkRow(servers.target(), (client, server) -> {
            client.send("get ");
            byte[] chunk = RawClient.ascii("k".repeat(64 * 1024));
            long sent = 0;
            try {
                for (int i = 0; i < 1024 && !closedOrAnswered(client); i++) { // at most 64 MiB
                    client.send(chunk);
                    sent += chunk.length;
                }
            } catch (IOException resetWhileSending) {
                // the server closed while we were still writing: what it answered is still readable
            }
            assertThat(RawClient.text(client.readToEnd())).as("%s after %d bytes", server, sent)
                    .isEqualTo("CLIENT_ERROR line too long\r\n");
        });
    }

    private static boolean closedOrAnswered(RawClient client) throws IOException {
        return client.hasInput();
    }

    @Test
    @DisplayName("first byte 0x80: the connection speaks the binary protocol (its answers: BinaryConformanceTest)")
    void binaryProtocolByte() throws IOException {
        byte[] binaryVersion = new byte[24];
        binaryVersion[0] = (byte) 0x80;
        binaryVersion[1] = 0x0b;
        same((client, server) -> {
            client.send(binaryVersion);
            assertThat(client.readExactly(24)[0]).as("%s: binary response magic", server).isEqualTo((byte) 0x81);
        });
    }

    @Test
    @DisplayName("0x80 at a later line start: memcached reads on as text; ringcache answers ERROR and closes")
    void binaryByteAfterText() throws IOException {
        byte[] binaryVersion = new byte[24];
        binaryVersion[0] = (byte) 0x80;
        binaryVersion[1] = 0x0b;
        differs((client, server) -> {
            assertThat(client.call("version")).as(server).startsWith("VERSION 1.6");
            client.send(binaryVersion);
            client.send("\r\n");
            assertThat(client.readLine()).as("%s: the header read as a text line", server).isEqualTo("ERROR");
        }, (client, server) -> {
            assertThat(client.call("version")).as(server).startsWith("VERSION 1.6");
            client.send(binaryVersion);
            assertThat(RawClient.text(client.readToEnd())).as(server).isEqualTo("ERROR\r\n");
        });
    }

    @Test
    @DisplayName("random bytes + CRLF: ERROR")
    void randomBytes() throws IOException {
        same((client, server) -> {
            assertThat(answers(client, new byte[] {'q', (byte) 0xfe, 0x13, (byte) 0x99, 'z', '\r', '\n'})).as(server).isEqualTo("ERROR\r\n");
            survives(client, server);
        });
    }

    @Test
    @DisplayName("GET / HTTP/1.0: connection closed")
    void httpRequest() throws IOException {
        same((client, server) -> {
            client.send("GET / HTTP/1.0\r\n\r\n");
            assertThat(RawClient.text(client.readToEnd())).as(server).isEmpty();
        });
    }

    @Test
    @DisplayName("connections over the limit: ERROR Too many open connections, close; the others go on")
    void connectionLimit() throws IOException {
        LimitChecks.connectionLimit(servers);
    }

    @Test
    @DisplayName("memory full and eviction disabled: SERVER_ERROR out of memory storing object")
    void memoryFullNoEviction() throws IOException {
        LimitChecks.outOfMemoryWithoutEviction(servers);
    }
}
