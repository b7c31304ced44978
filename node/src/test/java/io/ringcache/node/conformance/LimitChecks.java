package io.ringcache.node.conformance;

import static io.ringcache.node.conformance.Exchange.answers;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Limit checks shared by the bad-input table and the limits suite. */
final class LimitChecks {

    /** memcached reserves descriptors for itself, so {@code -c 20} leaves only a few for clients. */
    static final int CONNECTION_LIMIT = 20;
    private static final int MAX_ATTEMPTS = 2 * CONNECTION_LIMIT;

    private LimitChecks() {
    }

    /**
     * Opens connections until one is refused: it must get {@code ERROR Too many open connections}
     * and be closed, while every connection opened before it still serves.
     */
    static void connectionLimit(Servers servers) throws IOException {
        for (ServerUnderTest server : servers.both("-c", Integer.toString(CONNECTION_LIMIT))) {
            List<RawClient> open = new ArrayList<>();
            try {
                String refusal = null;
                RawClient refused = null;
                for (int i = 0; i < MAX_ATTEMPTS && refusal == null; i++) {
                    RawClient client = RawClient.connect(server.address());
                    client.send("version\r\n");
                    String line = client.readLine();
                    if (line.startsWith("VERSION ")) {
                        open.add(client);
                    } else {
                        refusal = line;
                        refused = client;
                    }
                }
                assertThat(refusal).as("%s: a connection over the limit is refused", server.name())
                        .isEqualTo("ERROR Too many open connections");
                assertThat(refused.awaitClosed()).as("%s closes the refused connection", server.name()).isTrue();
                refused.close();
                assertThat(open).as("%s accepted some connections first", server.name()).isNotEmpty();
                if (server instanceof MemcachedProcess) {
                    // memcached reserves descriptors for itself, so fewer than -c clients fit
                    assertThat(open.size()).as(server.name()).isLessThanOrEqualTo(CONNECTION_LIMIT);
                } else {
                    assertThat(open).as("%s accepts exactly its limit", server.name()).hasSize(CONNECTION_LIMIT);
                }
                for (RawClient client : open) {
                    assertThat(Exchange.stillServes(client)).as("%s: an existing connection still serves", server.name()).isTrue();
                }
            } finally {
                for (RawClient client : open) {
                    client.close();
                }
            }
        }
    }

    /** With eviction off ({@code -M}), filling the memory budget refuses the next store. */
    static void outOfMemoryWithoutEviction(Servers servers) throws IOException {
        byte[] value = new byte[100_000];
        for (ServerUnderTest server : servers.both("-m", "2", "-M")) {
            try (RawClient client = RawClient.connect(server.address())) {
                String answer = "";
                int stored = 0;
                // 2 MB hold at most 20 such values; 200 bound the loop well past that
                for (int i = 0; i < 200 && !answer.startsWith("SERVER_ERROR"); i++) {
                    answer = answers(client, RawClient.concat(RawClient.ascii("set k" + i + " 0 0 " + value.length + "\r\n"),
                            value, RawClient.ascii("\r\n")));
                    if (answer.equals("STORED\r\n")) {
                        stored++;
                    }
                }
                assertThat(answer).as("%s after %d stored", server.name(), stored).isEqualTo("SERVER_ERROR out of memory storing object\r\n");
                assertThat(stored).as(server.name()).isPositive();
                assertThat(answers(client, "get k0\r\n")).as("%s: nothing was evicted", server.name()).startsWith("VALUE k0 0 100000\r\n");
                assertThat(Exchange.stillServes(client)).as(server.name()).isTrue();
            }
        }
    }
}
