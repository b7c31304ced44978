package io.ringcache.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.ring.RingParameters.Mode;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ketama modes against the vectors in docs/ketama.md (taken from libmemcached 1.1.4,
 * nutcracker 0.5.0 and spymemcached 2.12.3) and against the real spymemcached jar.
 */
class KetamaCompatibilityTest {

    private static final String[] LIBMEMCACHED_NAMES = {"127.0.0.1", "127.0.0.1:11212", "127.0.0.1:11213"};
    private static final String[] SPY_NAMES = {"127.0.0.1:11211", "127.0.0.1:11212", "127.0.0.1:11213"};

    @Test
    void keyHashAndPointsMatchTheSingleValueVectors() {
        byte[] key0 = "key0".getBytes(StandardCharsets.UTF_8);
        assertThat(KetamaHash.keyHash(key0, 0, 4) >>> 32).isEqualTo(4060279841L);
        long[] points = new long[4];
        KetamaHash.points("127.0.0.1:11211", 0, points, 0);
        assertThat(points).containsExactly(2589391586L, 1482608462L, 2562656683L, 1506298073L);
        KetamaHash.points("127.0.0.1", 0, points, 0);
        assertThat(points).containsExactly(3187647615L, 2893990766L, 813702075L, 4292932786L);
    }

    @Test
    void float32PointCountsGive156AtSomeServerCounts() {
        assertThat(KetamaPoints.weightedCount(1, 25, 25)).isEqualTo(156);
        assertThat(KetamaPoints.weightedCount(1, 100, 100)).isEqualTo(156);
        assertThat(KetamaPoints.weightedCount(1, 3, 3)).isEqualTo(160);
        assertThat(KetamaPoints.weightedCount(1, 24, 24)).isEqualTo(160);
    }

    @Test
    void libmemcachedWeightedKetamaEqualWeights() {
        assertThat(primaries(Mode.KETAMA_LIBMEMCACHED, LIBMEMCACHED_NAMES, 1, 1, 1)).isEqualTo("2 1 2 0 0 1 0 1 0 1");
    }

    @Test
    void libmemcachedWeightedKetamaWeights123() {
        assertThat(primaries(Mode.KETAMA_LIBMEMCACHED, LIBMEMCACHED_NAMES, 1, 2, 3)).isEqualTo("2 2 2 1 0 1 2 1 0 1");
    }

    @Test
    void spymemcachedDefaultFormat() {
        assertThat(primaries(Mode.KETAMA_SPYMEMCACHED, SPY_NAMES, 1, 1, 1)).isEqualTo("0 0 2 0 0 1 1 0 1 1");
    }

    @Test
    void spymemcachedFormatWeights123() {
        assertThat(primaries(Mode.KETAMA_SPYMEMCACHED, SPY_NAMES, 1, 2, 3)).isEqualTo("0 0 2 1 0 1 2 0 2 1");
    }

    /** The real KetamaNodeLocator of spymemcached 2.12.3, 10,000 keys, several cluster sizes. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 25})
    void agreesWithTheSpymemcachedJar(int servers) {
        List<MemcachedNode> nodes = new ArrayList<>();
        Ring ring = Ring.empty(RingParameters.defaults().withMode(Mode.KETAMA_SPYMEMCACHED));
        for (int i = 0; i < servers; i++) {
            nodes.add(node(new InetSocketAddress("127.0.0.1", 11211 + i)));
            ring = ring.join(Member.of(KetamaNames.spymemcached("127.0.0.1", 11211 + i)));
        }
        KetamaNodeLocator locator = new KetamaNodeLocator(nodes, DefaultHashAlgorithm.KETAMA_HASH);
        Random random = new Random(servers);
        for (int k = 0; k < 10_000; k++) {
            String key = "user:" + random.nextInt(1_000_000) + ":" + k;
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            InetSocketAddress expected = (InetSocketAddress) locator.getPrimary(key).getSocketAddress();
            String primary = ring.members().get(ring.primary(bytes, 0, bytes.length)).nodeId();
            assertThat(primary).as(key).isEqualTo("127.0.0.1:" + expected.getPort());
        }
    }

    private static String primaries(Mode mode, String[] names, int... weights) {
        Ring ring = Ring.empty(RingParameters.defaults().withMode(mode));
        for (int i = 0; i < names.length; i++) {
            ring = ring.join(new Member(names[i], weights[i], ""));
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 10; k++) {
            byte[] key = ("key" + k).getBytes(StandardCharsets.UTF_8);
            out.append(k == 0 ? "" : " ").append(ring.primary(key, 0, key.length));
        }
        return out.toString();
    }

    /** Just enough of a MemcachedNode for the locator: it only asks for the address. */
    private static MemcachedNode node(InetSocketAddress address) {
        return (MemcachedNode) Proxy.newProxyInstance(MemcachedNode.class.getClassLoader(),
                new Class<?>[] {MemcachedNode.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSocketAddress" -> address;
                    case "toString" -> "node " + address;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
