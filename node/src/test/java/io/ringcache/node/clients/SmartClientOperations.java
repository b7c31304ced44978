package io.ringcache.node.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.client.BlockingCacheClient;
import io.ringcache.client.CasValue;
import io.ringcache.client.StoreResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Every operation of ringcache's own client, with the answers memcached gives; shared by the client tests. */
public final class SmartClientOperations {

    private SmartClientOperations() {
    }

    /** Runs every operation once (starting from an empty cache) and ends with a flush. */
    public static void exercise(BlockingCacheClient<String> cache) {
        assertThat(cache.set("s", 0, "one")).isTrue();
        assertThat(cache.get("s")).isEqualTo("one");
        assertThat(cache.add("s", 0, "two")).isFalse();
        assertThat(cache.add("fresh", 0, "two")).isTrue();
        assertThat(cache.replace("s", 0, "three")).isTrue();
        assertThat(cache.replace("absent", 0, "x")).isFalse();
        assertThat(cache.append("s", "-tail")).isTrue();
        assertThat(cache.prepend("s", "head-")).isTrue();
        assertThat(cache.get("s")).isEqualTo("head-three-tail");

        CasValue<String> cas = cache.gets("s");
        assertThat(cas.value()).isEqualTo("head-three-tail");
        assertThat(cache.cas("s", cas.cas(), 0, "swapped")).isEqualTo(StoreResult.STORED);
        assertThat(cache.cas("s", cas.cas(), 0, "stale")).isEqualTo(StoreResult.EXISTS);
        assertThat(cache.get("s")).isEqualTo("swapped");

        assertThat(cache.set("n", 0, "10")).isTrue();
        assertThat(cache.incr("n", 5)).isEqualTo(OptionalLong.of(15));
        assertThat(cache.decr("n", 20)).isEqualTo(OptionalLong.of(0));
        assertThat(cache.incr("missing", 1)).isEmpty();

        assertThat(cache.touch("s", 3600)).isTrue();
        assertThat(cache.touch("missing", 3600)).isFalse();
        assertThat(cache.getAndTouch("s", 3600)).isEqualTo("swapped");
        assertThat(cache.delete("s")).isTrue();
        assertThat(cache.delete("s")).isFalse();
        assertThat(cache.get("s")).isNull();

        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
        keys.add("multi-" + i);
        assertThat(cache.set("multi-" + i, 0, "v" + i)).isTrue();
        }
        keys.add("multi-absent");
        Map<String, String> all = cache.getMulti(keys);
        assertThat(all).hasSize(300);
        assertThat(new ArrayList<>(all.keySet())).isEqualTo(keys.subList(0, 300));
        assertThat(all.get("multi-299")).isEqualTo("v299");

        cache.flushAll();
        assertThat(cache.get("multi-1")).isNull();
        assertThat(cache.getMulti(keys)).isEmpty();
    }
}
