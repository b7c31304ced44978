package io.ringcache.node.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.conformance.ServerUnderTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** spymemcached 2.12 over the text and the binary protocol, unchanged, against memcached and the target. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpymemcachedClientTest {

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("serversAndProtocols")
    void everyCommandAClientUses(ClientServers kind, ConnectionFactoryBuilder.Protocol protocol) throws Exception {
        try (ServerUnderTest server = kind.start()) {
            MemcachedClient client = new MemcachedClient(new ConnectionFactoryBuilder()
                    .setProtocol(protocol)
                    .setOpTimeout(5_000)
                    .build(), List.of(server.address()));
            try {
                exercise(client, server.name() + " over " + protocol);
            } finally {
                client.shutdown(5, TimeUnit.SECONDS);
            }
        }
    }

    static Stream<Arguments> serversAndProtocols() {
        return Stream.of(ClientServers.values()).flatMap(kind -> Stream.of(ConnectionFactoryBuilder.Protocol.TEXT,
                ConnectionFactoryBuilder.Protocol.BINARY).map(protocol -> Arguments.of(kind, protocol)));
    }

    static void exercise(MemcachedClient client, String server) throws InterruptedException, ExecutionException {
        assertThat(client.set("greeting", 0, "hello").get()).as(server).isTrue();
        assertThat(client.get("greeting")).as(server).isEqualTo("hello");
        assertThat(client.get("missing")).as(server).isNull();

        assertThat(client.add("greeting", 0, "again").get()).as("%s: add of an existing key", server).isFalse();
        assertThat(client.add("fresh", 0, "new").get()).as(server).isTrue();
        assertThat(client.replace("fresh", 0, "newer").get()).as(server).isTrue();
        assertThat(client.replace("absent", 0, "x").get()).as(server).isFalse();

        CASValue<Object> versioned = client.gets("greeting");
        assertThat(versioned.getValue()).as(server).isEqualTo("hello");
        assertThat(client.cas("greeting", versioned.getCas(), "swapped")).as(server).isEqualTo(CASResponse.OK);
        assertThat(client.cas("greeting", versioned.getCas(), "stale")).as(server).isEqualTo(CASResponse.EXISTS);
        assertThat(client.cas("nobody", 1, "x")).as(server).isEqualTo(CASResponse.NOT_FOUND);
        assertThat(client.get("greeting")).as(server).isEqualTo("swapped");

        assertThat(client.set("counter", 0, "10").get()).as(server).isTrue();
        assertThat(client.incr("counter", 5)).as(server).isEqualTo(15);
        assertThat(client.decr("counter", 20)).as(server).isEqualTo(0);
        assertThat(client.incr("no-counter", 1)).as("%s: incr of a missing key", server).isEqualTo(-1);
        assertThat(client.incr("made-counter", 3, 7)).as("%s: incr with a default creates it", server).isEqualTo(7);
        assertThat(client.incr("made-counter", 3, 7)).as(server).isEqualTo(10);

        assertThat(client.touch("greeting", 3600).get()).as(server).isTrue();
        assertThat(client.touch("missing", 3600).get()).as(server).isFalse();

        assertThat(client.set("list", 0, "b").get()).as(server).isTrue();
        assertThat(client.append(0, "list", "c").get()).as(server).isTrue();
        assertThat(client.prepend(0, "list", "a").get()).as(server).isTrue();
        assertThat(client.get("list")).as(server).isEqualTo("abc");
        assertThat(client.append(0, "nolist", "c").get()).as(server).isFalse();

        Map<String, Object> bulk = client.getBulk(List.of("greeting", "list", "missing", "fresh"));
        assertThat(bulk).as(server).containsOnly(Map.entry("greeting", "swapped"), Map.entry("list", "abc"), Map.entry("fresh", "newer"));

        assertThat(client.delete("list").get()).as(server).isTrue();
        assertThat(client.delete("list").get()).as(server).isFalse();
        assertThat(client.get("list")).as(server).isNull();

        byte[] binary = new byte[100_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        assertThat(client.set("binary", 0, binary).get()).as(server).isTrue();
        assertThat((byte[]) client.get("binary")).as(server).isEqualTo(binary);

        assertThat(client.flush().get()).as(server).isTrue();
        assertThat(client.get("greeting")).as(server).isNull();
        assertThat(client.getVersions().values()).as(server).allSatisfy(v -> assertThat(v).startsWith("1.6"));
    }
}
