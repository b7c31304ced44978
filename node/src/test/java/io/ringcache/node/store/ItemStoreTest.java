package io.ringcache.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The store's memcached rules, with time moved by a {@link ManualClock}. */
class ItemStoreTest {

    private static final long START_MILLIS = 1_700_000_000_000L;
    private final ManualClock clock = new ManualClock(START_MILLIS);
    /** Flushed items are reclaimed in the background; held back here so reads see them deterministically. */
    private final java.util.List<Runnable> heldReclaims = new java.util.ArrayList<>();
    private final ItemStore store = new ItemStore(64L << 20, true, clock, heldReclaims::add);

    private static byte[] item(String key, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        byte[] item = Items.allocate(ItemKey.of(key), bytes.length);
        System.arraycopy(bytes, 0, item, Items.valueOffset(item), bytes.length);
        return item;
    }

    private static String value(byte[] item) {
        return item == null ? null : new String(item, Items.valueOffset(item), Items.valueLength(item), StandardCharsets.US_ASCII);
    }

    private StoreOutcome set(String key, String value, long exptime) {
        return store.store(StoreMode.SET, ItemKey.of(key), item(key, value), 0, exptime, 0);
    }

    private String get(String key) {
        return value(store.get(ItemKey.of(key)));
    }

    @Test
    void relativeExptimeExpiresAtItsSecond() {
        set("a", "1", 10);
        clock.advance(Duration.ofMillis(9_999));
        assertThat(get("a")).isEqualTo("1");
        clock.advance(Duration.ofMillis(1));
        assertThat(get("a")).isNull();
        assertThat(store.counters().expiredOnRead()).isEqualTo(1);
        assertThat(store.itemCount()).isZero(); // the read dropped it
    }

    @Test
    void zeroNeverExpiresAndNegativeIsAlreadyExpired() {
        set("forever", "1", 0);
        set("gone", "1", -1);
        clock.advance(Duration.ofDays(3650));
        assertThat(get("forever")).isEqualTo("1");
        assertThat(get("gone")).isNull();
    }

    @Test
    void exptimeOver30DaysIsAbsoluteUnixTime() {
        long now = START_MILLIS / 1000;
        set("abs", "1", now + 100);
        set("thirty-days", "1", 60 * 60 * 24 * 30);
        set("past", "1", 60 * 60 * 24 * 30 + 1); // absolute, in 1970: already expired
        assertThat(get("past")).isNull();
        clock.advance(Duration.ofSeconds(99));
        assertThat(get("abs")).isEqualTo("1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("abs")).isNull();
        assertThat(get("thirty-days")).isEqualTo("1");
        clock.advance(Duration.ofDays(30));
        assertThat(get("thirty-days")).isNull();
    }

    @Test
    void theSweepReclaimsExpiredItemsByTheInjectedClockAndLeavesTheRest() {
        for (int i = 0; i < 100; i++) {
            set("short" + i, "v", 5);
            set("long" + i, "v", 50);
            set("never" + i, "v", 0);
        }
        store.touch(ItemKey.of("short0"), 100); // touched: now lives past the sweep below
        clock.advance(Duration.ofSeconds(5));
        assertThat(store.sweep(1_000)).isEqualTo(99);
        assertThat(store.counters().reclaimed()).isEqualTo(99);
        store.cleanUp();
        assertThat(store.itemCount()).isEqualTo(201);
        assertThat(get("short0")).isEqualTo("v");
        assertThat(get("long0")).isEqualTo("v");
        assertThat(store.counters().expiredOnRead()).isZero();
    }

    @Test
    void theSweepVisitsAtMostItsBudgetAndContinuesWhereItStopped() {
        for (int i = 0; i < 100; i++) {
            set("k" + i, "v", 5);
        }
        clock.advance(Duration.ofSeconds(6));
        int reclaimed = 0;
        int calls = 0;
        while (reclaimed < 100 && calls < 20) {
            int now = store.sweep(30);
            assertThat(now).isBetween(0, 30);
            reclaimed += now;
            calls++;
        }
        assertThat(reclaimed).isEqualTo(100);
        assertThat(calls).isEqualTo(4); // 30 + 30 + 30 + 10: no item twice, none left behind
        store.cleanUp();
        assertThat(store.itemCount()).isZero();
    }

    @Test
    void theSweepDropsFlushedItemsWithoutCountingThemAsExpired() {
        set("a", "1", 0);
        store.flushAll(0);
        set("b", "1", 0);
        assertThat(store.sweep(1_000)).isZero();
        store.cleanUp();
        assertThat(store.itemCount()).isEqualTo(1);
        assertThat(store.counters().reclaimed()).isZero();
        assertThat(get("b")).isEqualTo("1");
    }

    @Test
    void touchResetsExpiry() {
        set("a", "1", 5);
        assertThat(store.touch(ItemKey.of("a"), 100)).isNotNull();
        clock.advance(Duration.ofSeconds(50));
        store.sweep(1_000);
        assertThat(get("a")).isEqualTo("1");
        assertThat(store.touch(ItemKey.of("missing"), 100)).isNull();
        clock.advance(Duration.ofSeconds(50));
        assertThat(get("a")).isNull();
    }

    @Test
    void casUniquesAreDistinctAndChecked() {
        set("a", "1", 0);
        long cas = Items.cas(store.get(ItemKey.of("a")));
        set("b", "1", 0);
        assertThat(Items.cas(store.get(ItemKey.of("b")))).isNotEqualTo(cas);
        assertThat(store.store(StoreMode.CAS, ItemKey.of("a"), item("a", "2"), 0, 0, cas + 100)).isEqualTo(StoreOutcome.EXISTS);
        assertThat(store.store(StoreMode.CAS, ItemKey.of("a"), item("a", "2"), 0, 0, cas)).isEqualTo(StoreOutcome.STORED);
        assertThat(store.store(StoreMode.CAS, ItemKey.of("a"), item("a", "3"), 0, 0, cas)).isEqualTo(StoreOutcome.EXISTS);
        assertThat(store.store(StoreMode.CAS, ItemKey.of("x"), item("x", "3"), 0, 0, cas)).isEqualTo(StoreOutcome.NOT_FOUND);
        assertThat(get("a")).isEqualTo("2");
    }

    @Test
    void addTreatsAnExpiredItemAsAbsent() {
        set("a", "old", 1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.store(StoreMode.ADD, ItemKey.of("a"), item("a", "new"), 0, 0, 0)).isEqualTo(StoreOutcome.STORED);
        assertThat(get("a")).isEqualTo("new");
    }

    @Test
    void incrementWrapsAndDecrementFloors() {
        set("n", "18446744073709551615", 0);
        assertThat(value(store.arithmetic(ItemKey.of("n"), true, 1).item())).isEqualTo("0");
        set("n", "5", 0);
        assertThat(value(store.arithmetic(ItemKey.of("n"), false, 10).item())).isEqualTo("0");
        set("n", "12 ", 0); // memcached pads decremented values with spaces
        assertThat(value(store.arithmetic(ItemKey.of("n"), true, 1).item())).isEqualTo("13");
        set("n", "18446744073709551616", 0);
        assertThat(store.arithmetic(ItemKey.of("n"), true, 1).status()).isEqualTo(ArithmeticResult.Status.NON_NUMERIC);
        assertThat(store.arithmetic(ItemKey.of("none"), true, 1).status()).isEqualTo(ArithmeticResult.Status.NOT_FOUND);
    }

    @Test
    void flushAllWithDelayInvalidatesItemsStoredBeforeTheFlushTime() {
        set("before", "1", 0);
        store.flushAll(10); // takes effect at now + 9 for items stored up to then, as memcached
        clock.advance(Duration.ofSeconds(5));
        set("during", "1", 0);
        assertThat(get("before")).isEqualTo("1");
        clock.advance(Duration.ofSeconds(4));
        assertThat(get("before")).isNull();
        assertThat(get("during")).isNull();
        clock.advance(Duration.ofSeconds(1));
        set("after", "1", 0);
        assertThat(get("after")).isEqualTo("1");
        assertThat(store.counters().flushedOnRead()).isEqualTo(2);
    }

    @Test
    void immediateFlushKeepsItemsStoredAfterItInTheSameSecond() {
        set("a", "1", 0);
        store.flushAll(0);
        set("b", "1", 0);
        assertThat(get("a")).isNull();
        assertThat(get("b")).isEqualTo("1");
    }

    @Test
    void evictsBySizeAndCountsEvictions() {
        ItemStore small = new ItemStore(1 << 20, true, clock);
        byte[] big = new byte[10_000];
        for (int i = 0; i < 500; i++) {
            byte[] item = Items.allocate(ItemKey.of("k" + i), big.length);
            small.store(StoreMode.SET, ItemKey.of("k" + i), item, 0, 0, 0);
        }
        small.cleanUp();
        assertThat(small.usedBytes()).isLessThanOrEqualTo(1 << 20);
        assertThat(small.counters().evictions()).isGreaterThan(390);
        assertThat(small.itemCount() + small.counters().evictions()).isEqualTo(500);
    }

    @Test
    void withoutEvictionAFullStoreRefusesWrites() {
        ItemStore noEvict = new ItemStore(1 << 20, false, clock);
        int stored = 0;
        StoreOutcome last = StoreOutcome.STORED;
        for (int i = 0; i < 500 && last == StoreOutcome.STORED; i++) {
            last = noEvict.store(StoreMode.SET, ItemKey.of("k" + i), Items.allocate(ItemKey.of("k" + i), 10_000), 0, 0, 0);
            if (last == StoreOutcome.STORED) {
                stored++;
            }
        }
        assertThat(last).isEqualTo(StoreOutcome.OUT_OF_MEMORY);
        assertThat(stored).isBetween(90, 105);
        assertThat(noEvict.counters().evictions()).isZero();
        assertThat(noEvict.usedBytes()).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void weightCountsTheItemArrayAsLaidOutAndTheOverhead() {
        ItemKey key = ItemKey.of("abc");
        byte[] item = Items.allocate(key, 100);
        // the array as the JVM lays it out: a 16-byte header, header + key + value, rounded up to 8 bytes
        int itemArray = (16 + Items.HEADER_BYTES + 3 + 100 + 7) / 8 * 8;
        assertThat(ItemStore.weight(item)).isEqualTo(ItemStore.PER_ITEM_OVERHEAD + itemArray);
        store.store(StoreMode.SET, key, item, 0, 0, 0);
        store.cleanUp();
        assertThat(store.usedBytes()).isEqualTo(ItemStore.weight(item));
    }

    @Test
    void theItemHoldsItsKeyAndARewriteKeepsOneEntryPerKey() {
        set("key", "one", 0);
        set("key", "two", 0);
        store.store(StoreMode.APPEND, ItemKey.of("key"), item("key", "!"), 0, 0, 0);
        store.cleanUp();
        byte[] held = store.get(ItemKey.of("key"));
        assertThat(Items.key(held)).isEqualTo(ItemKey.of("key"));
        assertThat(value(held)).isEqualTo("two!");
        assertThat(store.itemCount()).isEqualTo(1);
        assertThat(store.usedBytes()).isEqualTo(ItemStore.weight(held));
        assertThat(store.keys()).containsExactly(ItemKey.of("key"));
    }

    @Test
    void keysOfEveryLengthAreFoundByTheirBytesOnly() {
        String longest = "k".repeat(250);
        for (String key : new String[] {"a", "ab", "key:0000000001", longest}) {
            set(key, key.substring(0, 1), 0);
        }
        assertThat(get(longest)).isEqualTo("k");
        assertThat(get("key:0000000001")).isEqualTo("k");
        assertThat(get("a")).isEqualTo("a");
        assertThat(get("abc")).isNull();
        assertThat(get("key:0000000002")).isNull();
        assertThat(store.delete(ItemKey.of("ab"))).isTrue();
        assertThat(get("ab")).isNull();
        assertThat(get("a")).isEqualTo("a");
    }
}
