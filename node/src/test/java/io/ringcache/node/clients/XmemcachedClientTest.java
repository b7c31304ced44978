package io.ringcache.node.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.conformance.ServerUnderTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import net.rubyeye.xmemcached.command.BinaryCommandFactory;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** xmemcached 2.4 over the text and the binary protocol, unchanged, against memcached and the target. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class XmemcachedClientTest {

    @ParameterizedTest(name = "{0}, binary {1}")
    @MethodSource("serversAndProtocols")
    void everyCommandAClientUses(ClientServers kind, boolean binary) throws Exception {
        try (ServerUnderTest server = kind.start()) {
            XMemcachedClientBuilder builder = new XMemcachedClientBuilder(List.of(server.address()));
            builder.setCommandFactory(binary ? new BinaryCommandFactory() : new TextCommandFactory());
            builder.setConnectTimeout(5_000);
            builder.setOpTimeout(5_000);
            MemcachedClient client = builder.build();
            try {
                exercise(client, server.name() + (binary ? " over binary" : " over text"));
            } finally {
                client.shutdown();
            }
        }
    }

    static Stream<Arguments> serversAndProtocols() {
        return Stream.of(ClientServers.values()).flatMap(kind -> Stream.of(false, true).map(binary -> Arguments.of(kind, binary)));
    }

    static void exercise(MemcachedClient client, String server) throws Exception {
        assertThat(client.set("greeting", 0, "hello")).as(server).isTrue();
        assertThat(client.<String>get("greeting")).as(server).isEqualTo("hello");
        assertThat(client.<String>get("missing")).as(server).isNull();

        assertThat(client.add("greeting", 0, "again")).as("%s: add of an existing key", server).isFalse();
        assertThat(client.add("fresh", 0, "new")).as(server).isTrue();
        assertThat(client.replace("fresh", 0, "newer")).as(server).isTrue();
        assertThat(client.replace("absent", 0, "x")).as(server).isFalse();

        GetsResponse<String> versioned = client.gets("greeting");
        assertThat(versioned.getValue()).as(server).isEqualTo("hello");
        assertThat(client.cas("greeting", 0, "swapped", versioned.getCas())).as(server).isTrue();
        assertThat(client.cas("greeting", 0, "stale", versioned.getCas())).as(server).isFalse();
        assertThat(client.<String>get("greeting")).as(server).isEqualTo("swapped");

        assertThat(client.set("counter", 0, "10")).as(server).isTrue();
        assertThat(client.incr("counter", 5)).as(server).isEqualTo(15);
        assertThat(client.decr("counter", 20)).as(server).isEqualTo(0);
        assertThat(client.incr("made-counter", 3, 7)).as("%s: incr with an initial value creates it", server).isEqualTo(7);
        assertThat(client.incr("made-counter", 3, 7)).as(server).isEqualTo(10);

        assertThat(client.touch("greeting", 3600)).as(server).isTrue();
        assertThat(client.touch("missing", 3600)).as(server).isFalse();

        assertThat(client.set("list", 0, "b")).as(server).isTrue();
        assertThat(client.append("list", "c")).as(server).isTrue();
        assertThat(client.prepend("list", "a")).as(server).isTrue();
        assertThat(client.<String>get("list")).as(server).isEqualTo("abc");
        assertThat(client.append("nolist", "c")).as(server).isFalse();

        Map<String, String> bulk = client.get(List.of("greeting", "list", "missing", "fresh"));
        assertThat(bulk).as(server).containsOnly(Map.entry("greeting", "swapped"), Map.entry("list", "abc"), Map.entry("fresh", "newer"));
        Map<String, GetsResponse<String>> bulkGets = client.gets(List.of("greeting", "list"));
        assertThat(bulkGets.get("greeting").getCas()).as(server).isNotEqualTo(bulkGets.get("list").getCas());

        assertThat(client.delete("list")).as(server).isTrue();
        assertThat(client.delete("list")).as(server).isFalse();
        assertThat(client.<String>get("list")).as(server).isNull();

        byte[] binary = new byte[100_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7);
        }
        assertThat(client.set("binary", 0, binary)).as(server).isTrue();
        assertThat(client.<byte[]>get("binary")).as(server).isEqualTo(binary);

        client.flushAll();
        assertThat(client.<String>get("greeting")).as(server).isNull();
        assertThat(client.getVersions().values()).as(server).allSatisfy(v -> assertThat(v).startsWith("1.6"));
    }
}
