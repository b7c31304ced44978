package io.ringcache.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Writers racing on a few keys through every kind of write, while readers read: a reader only ever
 * sees an item of the key it asked for, and afterwards the map holds one entry per key, charged
 * exactly what its item weighs (the entry is swapped in place, never doubled or lost).
 */
class ItemStoreConcurrencyTest {

    private static final int KEYS = 16;
    private static final int OPERATIONS_PER_THREAD = 20_000;

    @Test
    void racingWritesKeepOneEntryPerKeyAndReadersSeeOnlyTheirKey() throws Exception {
        ItemStore store = new ItemStore(64L << 20, true, new ManualClock(1_700_000_000_000L));
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(threads.submit(() -> race(store, new SplittableRandom(seed), wrong)));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(wrong).as("reads that saw another key's item").isEmpty();
        store.cleanUp();
        long charged = 0;
        int held = 0;
        for (int k = 0; k < KEYS; k++) {
            byte[] item = store.get(key(k));
            if (item != null) {
                held++;
                charged += ItemStore.weight(item);
            }
        }
        Set<ItemKey> walked = new HashSet<>();
        for (ItemKey k : store.keys()) {
            assertThat(walked.add(k)).as("the walk saw " + k + " twice").isTrue();
        }
        assertThat(walked).hasSize(held);
        assertThat(store.itemCount()).isEqualTo(held);
        assertThat(store.usedBytes()).isEqualTo(charged);
    }

    private static void race(ItemStore store, SplittableRandom random, ConcurrentLinkedQueue<String> wrong) {
        for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
            ItemKey key = key(random.nextInt(KEYS));
            switch (random.nextInt(6)) {
                case 0 -> store.store(StoreMode.SET, key, item(key, random.nextInt(1, 200)), 0, 0, 0);
                case 1 -> store.store(StoreMode.APPEND, key, item(key, 3), 0, 0, 0);
                case 2 -> store.store(StoreMode.ADD, key, item(key, 10), 0, 0, 0);
                case 3 -> store.delete(key);
                case 4 -> store.touch(key, 100);
                default -> {
                    byte[] read = store.get(key);
                    if (read != null && !Items.key(read).equals(key)) {
                        wrong.add(key + " read " + Items.key(read));
                    }
                }
            }
        }
    }

    private static ItemKey key(int k) {
        return ItemKey.of("key-" + k);
    }

    private static byte[] item(ItemKey key, int valueLength) {
        byte[] item = Items.allocate(key, valueLength);
        byte[] name = key.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, item, Items.valueOffset(item), Math.min(name.length, valueLength));
        return item;
    }
}
