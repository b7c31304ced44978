package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.conformance.MemcachedProcess;
import io.ringcache.ring.Ring;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster node answers like one memcached 1.6.18 even for keys it forwards to their owners: the
 * same script goes to Debian's memcached and to node a of a three-node cluster, with keys that node a
 * does not own, and the answers must be byte for byte the same.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterParityTest {

    private static final List<NodeProcess> nodes = new ArrayList<>();
    private static MemcachedProcess memcached;
    private static Ring ring;

    @BeforeAll
    static void start() throws Exception {
        ClusterProcessTest.startThree(nodes);
        memcached = MemcachedProcess.start();
        try (Wire w = new Wire(nodes.get(0).port)) {
            ring = w.ring();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (NodeProcess n : nodes) {
            n.close();
        }
        if (memcached != null) {
            memcached.close();
        }
    }

    @Test
    void aQuietMetaGetOfAHitOwnedElsewhereStillAnswersHd() throws Exception {
        String k = elsewhere("mgq");
        assertSameAnswers("set " + k + " 0 0 1\r\nx\r\nmg " + k + " t q\r\nmg " + k + "-missing q\r\nmn\r\n", "MN\r\n");
    }

    @Test
    void aKeyAskedTwiceInOneGetIsAnsweredTwice() throws Exception {
        String a = elsewhere("twice");
        String b = elsewhere("other");
        assertSameAnswers("set " + a + " 0 0 1\r\n1\r\nset " + b + " 0 0 1\r\n2\r\nget " + a + " " + b + " " + a + " " + a
                + "\r\n", "END\r\n");
    }

    @Test
    void aLongMultiGetStreamsInSegmentsAndAnswersLikeMemcached() throws Exception {
        // 40 values of 20 KB on every owner, named 400 times in a shuffled order with repeats and
        // misses: the node answers it in segments (each as much as half the output budget) from
        // the owners, and the client must not see the seams
        StringBuilder script = new StringBuilder();
        List<String> named = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = "segment-" + i;
            String value = (key + ".").repeat(20_000 / (key.length() + 1) + 1).substring(0, 20_000);
            script.append("set ").append(key).append(" ").append(i).append(" 0 ").append(value.length()).append("\r\n")
                    .append(value).append("\r\n");
            for (int repeat = 0; repeat < 9; repeat++) {
                named.add(key);
            }
            named.add("segment-missing-" + i);
        }
        java.util.Collections.shuffle(named, new java.util.Random(15));
        script.append("get ").append(String.join(" ", named)).append("\r\n");
        assertSameAnswers(script.toString(), "END\r\n");
    }

    @Test
    void aSetTooLargeForTheCacheDropsTheOldValueEverywhere() throws Exception {
        String k = elsewhere("large");
        String big = "x".repeat(1024 * 1024);
        assertSameAnswers("set " + k + " 0 0 1\r\nA\r\nset " + k + " 0 0 " + big.length() + "\r\n" + big + "\r\nget " + k
                + "\r\n", "END\r\n");
        // and no other node serves the old value either
        for (NodeProcess n : nodes) {
            try (Wire w = new Wire(n.port)) {
                assertThat(w.get(k)).as(n.nodeId).isEqualTo("END\r\n");
            }
        }
    }

    @Test
    void casUniquesAreUniqueAcrossTheCluster() throws Exception {
        Set<String> uniques = new HashSet<>();
        try (Wire w = new Wire(nodes.get(0).port)) {
            for (int i = 0; i < 300; i++) {
                String key = "unique-" + i;
                assertThat(w.set(key, "v")).isEqualTo("STORED\r\n");
                String answer = w.call("gets " + key + "\r\n", "END\r\n");
                String unique = answer.split("\r\n")[0].split(" ")[4];
                assertThat(uniques.add(unique)).as("%s has a unique no other key has", key).isTrue();
            }
        }
    }

    private static void assertSameAnswers(String script, String lastLine) throws Exception {
        String fromMemcached;
        try (Wire w = new Wire(memcached.address().getPort())) {
            fromMemcached = w.call(script, lastLine);
        }
        String fromCluster;
        try (Wire w = new Wire(nodes.get(0).port)) {
            fromCluster = w.call(script, lastLine);
        }
        assertThat(fromCluster).isEqualTo(fromMemcached);
    }

    /** A key named after {@code hint} that node a does not own: every request for it is forwarded. */
    private static String elsewhere(String hint) {
        int self = ring.indexOf("a");
        for (int i = 0; ; i++) {
            String key = hint + "-" + i;
            byte[] bytes = key.getBytes(StandardCharsets.US_ASCII);
            int[] owners = new int[ring.replicationFactor()];
            int n = ring.preferenceList(bytes, 0, bytes.length, owners);
            boolean owned = false;
            for (int j = 0; j < n; j++) {
                owned |= owners[j] == self;
            }
            if (!owned) {
                return key;
            }
        }
    }
}
