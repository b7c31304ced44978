package io.ringcache.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules every owner applies to another owner's copy of a key (replica writes, transfers, hints,
 * pulls), in-process with a fake clock: the greater version wins whatever the order copies arrive
 * in, a delete is remembered against older copies, a flush floor refuses what was written before
 * it, and a write here is stamped after every version seen.
 */
class CopyRulesTest {

    private static final long START_MILLIS = 1_700_000_000_000L;
    private final ManualClock clock = new ManualClock(START_MILLIS);
    private final ItemStore store = new ItemStore(64L << 20, true, clock, Runnable::run);
    private final ItemKey key = ItemKey.of("k");

    CopyRulesTest() {
        store.keepTombstones(new Tombstones(Duration.ofMinutes(10), 4L << 20, clock::nanoTime));
    }

    private byte[] copy(String value, long version) {
        return copy(key, value, version);
    }

    private static byte[] copy(ItemKey of, String value, long version) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        byte[] item = Items.allocate(of, bytes.length);
        System.arraycopy(bytes, 0, item, Items.valueOffset(item), bytes.length);
        Items.fillCopy(item, version, version, 0, 0, 0);
        return item;
    }

    private String value() {
        byte[] item = store.get(key);
        return item == null ? null : new String(item, Items.valueOffset(item), Items.valueLength(item), StandardCharsets.US_ASCII);
    }

    private static long v(long millisAfterStart) {
        return HybridClock.floorAt(START_MILLIS + millisAfterStart);
    }

    /** Two copies, in either order: the later version is what stays. */
    @ParameterizedTest
    @CsvSource({"10, 20, second", "20, 10, first", "20, 20, first"})
    void theLaterVersionStaysWhateverTheOrder(long firstMillis, long secondMillis, String winner) {
        CopyOutcome first = store.applyCopy(key, copy("first", v(firstMillis)));
        CopyOutcome second = store.applyCopy(key, copy("second", v(secondMillis)));
        assertThat(first.status()).isEqualTo(CopyOutcome.Status.STORED);
        assertThat(second.taken()).isTrue();
        if (winner.equals("first") && firstMillis != secondMillis) {
            assertThat(second.status()).isEqualTo(CopyOutcome.Status.HELD_NEWER);
            assertThat(second.heldVersion()).isEqualTo(v(firstMillis));
        }
        // equal versions are ordered by the bytes: "second" > "first", so it replaces it
        assertThat(value()).isEqualTo(firstMillis == secondMillis ? "second" : winner);
    }

    @Test
    void aDeleteStopsEveryOlderCopyAndYieldsToANewerOne() {
        store.applyCopy(key, copy("v1", v(10)));
        assertThat(store.applyDelete(key, v(20)).status()).isEqualTo(CopyOutcome.Status.STORED);
        assertThat(value()).isNull();
        // a late replica write or transfer of the old value does not come back
        CopyOutcome late = store.applyCopy(key, copy("v1", v(10)));
        assertThat(late.status()).isEqualTo(CopyOutcome.Status.HELD_NEWER);
        assertThat(late.heldVersion()).isEqualTo(v(20));
        assertThat(value()).isNull();
        // a write after the delete is kept
        assertThat(store.applyCopy(key, copy("v2", v(30))).status()).isEqualTo(CopyOutcome.Status.STORED);
        assertThat(value()).isEqualTo("v2");
        // and an older delete arriving late changes nothing
        assertThat(store.applyDelete(key, v(25)).status()).isEqualTo(CopyOutcome.Status.HELD_NEWER);
        assertThat(value()).isEqualTo("v2");
    }

    @Test
    void aDeleteHereLeavesATombstoneEvenWhenTheKeyWasMissing() {
        assertThat(store.delete(key)).isFalse();
        long tombstone = store.tombstones().version(key);
        assertThat(tombstone).isNotZero();
        assertThat(store.applyCopy(key, copy("older", tombstone - 1)).status()).isEqualTo(CopyOutcome.Status.HELD_NEWER);
        assertThat(value()).isNull();
    }

    @Test
    void aWriteHereIsStampedAfterEveryVersionSeen() {
        long far = v(3_600_000); // another node whose clock runs an hour ahead
        store.applyCopy(key, copy("theirs", far));
        store.store(StoreMode.SET, key, copy("ours", 0), 0, 0, 0);
        byte[] ours = store.get(key);
        assertThat(HybridClock.isAfter(Items.version(ours), far)).isTrue();
        assertThat(Items.cas(ours)).isEqualTo(Items.version(ours));
        // a write of another key too: the clock moved past everything it saw
        store.store(StoreMode.SET, ItemKey.of("other"), copy(ItemKey.of("other"), "x", 0), 0, 0, 0);
        assertThat(HybridClock.isAfter(Items.version(store.get(ItemKey.of("other"))), far)).isTrue();
    }

    @Test
    void touchGivesANewVersionAndKeepsTheCasUnique() {
        store.store(StoreMode.SET, key, copy("x", 0), 0, 0, 0);
        byte[] before = store.get(key);
        long version = Items.version(before);
        long cas = Items.cas(before);
        store.touch(key, 100);
        byte[] after = store.get(key);
        assertThat(HybridClock.isAfter(Items.version(after), version)).isTrue();
        assertThat(Items.cas(after)).isEqualTo(cas);
        assertThat(Items.expiresAt(after)).isEqualTo(START_MILLIS / 1000 + 100);
    }

    @Test
    void aFlushFloorRefusesEveryCopyWrittenBeforeIt() {
        store.applyCopy(key, copy("before", v(10)));
        store.flushBelow(v(20));
        assertThat(value()).isNull();
        assertThat(store.applyCopy(key, copy("late", v(15))).status()).isEqualTo(CopyOutcome.Status.HELD_NEWER);
        assertThat(value()).isNull();
        assertThat(store.applyCopy(key, copy("after", v(25))).status()).isEqualTo(CopyOutcome.Status.STORED);
        assertThat(value()).isEqualTo("after");
    }

    @Test
    void aMetaEValueSetsOnlyThatItemsUnique() {
        MetaOperations meta = new MetaOperations(store);
        meta.store(StoreMode.SET, key, copy("x", 0), 0, 0, new CasRule(false, 0, false, true, -1L));
        assertThat(Items.cas(store.get(key))).isEqualTo(-1L);
        store.store(StoreMode.SET, ItemKey.of("next"), copy(ItemKey.of("next"), "y", 0), 0, 0, 0);
        byte[] next = store.get(ItemKey.of("next"));
        assertThat(Items.cas(next)).isEqualTo(Items.version(next)).isNotEqualTo(-1L).isNotEqualTo(0L);
    }

    @Test
    void versionsOfTwoNodesNeverCollide() {
        HybridClock a = new HybridClock(clock);
        HybridClock b = new HybridClock(clock);
        a.tag(1);
        b.tag(2);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(a.next())).isTrue();
            assertThat(seen.add(b.next())).isTrue();
        }
    }

    /**
     * A tombstone remembers whether its delete removed a live item here (a retried delete answers
     * DELETED only then), however it came: a delete here, or another owner's replicated delete.
     */
    @Test
    void aTombstoneKnowsWhetherItsDeleteRemovedAValue() {
        store.delete(key);
        assertThat(store.tombstones().version(key)).isNotZero();
        assertThat(store.tombstones().removedLive(key)).isFalse();

        assertThat(store.applyCopy(key, copy("v", store.tombstones().version(key) + (1L << 22))).status())
                .isEqualTo(CopyOutcome.Status.STORED);
        store.delete(key);
        assertThat(store.tombstones().removedLive(key)).isTrue();

        ItemKey other = ItemKey.of("other");
        store.applyCopy(other, copy(other, "w", v(10)));
        store.applyDelete(other, v(20));
        assertThat(store.tombstones().removedLive(other)).isTrue();
        assertThat(store.tombstones().version(other)).isEqualTo(v(20));
        store.applyDelete(ItemKey.of("never"), v(30));
        assertThat(store.tombstones().removedLive(ItemKey.of("never"))).isFalse();
    }
}
