package io.ringcache.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringcache.node.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node that may not stamp versions (a cluster node re-checking its ring after a pause) carries out
 * no write: every kind of write is refused before anything of the key changes, and goes through
 * once stamping is allowed again. The case this guards: a write admitted before the process was
 * stopped and carried out after it would get a version newer than everything the cluster wrote
 * meanwhile, on a value from before, and win on every owner.
 */
class StampGuardTest {

    private static final long START_MILLIS = 1_700_000_000_000L;
    private final ManualClock clock = new ManualClock(START_MILLIS);
    private final ItemStore store = new ItemStore(64L << 20, true, clock, Runnable::run);
    private final MetaOperations meta = new MetaOperations(store);
    private final ItemKey key = ItemKey.of("counter");
    private final AtomicBoolean mayStamp = new AtomicBoolean(true);

    StampGuardTest() {
        store.keepTombstones(new Tombstones(Duration.ofMinutes(10), 4L << 20, clock::nanoTime));
        store.versions().guard(mayStamp::get);
    }

    /** Each kind of write, as the local executor runs it. */
    enum Write {
        SET(t -> t.store.store(StoreMode.SET, t.key, t.item("7"), 0, 0, 0)),
        APPEND(t -> t.store.store(StoreMode.APPEND, t.key, t.item("0"), 0, 0, 0)),
        INCR(t -> t.store.arithmetic(t.key, true, 1)),
        DECR(t -> t.store.arithmetic(t.key, false, 1)),
        TOUCH(t -> t.store.touch(t.key, 100)),
        GAT(t -> t.store.getAndTouch(t.key, 100)),
        DELETE(t -> t.store.delete(t.key)),
        FLUSH_ALL(t -> t.store.flushAll(0)),
        MG_T(t -> t.meta.lookup(t.key, new MetaGetRequest(new byte[] {'T'}, 100, 0, 0))),
        MD_INVALIDATE(t -> t.meta.delete(t.key, CasRule.NONE, true, false, 0)),
        MS(t -> t.meta.store(StoreMode.SET, t.key, t.item("8"), 0, 0, CasRule.NONE));

        final Consumer<StampGuardTest> run;

        Write(Consumer<StampGuardTest> run) {
            this.run = run;
        }
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void aRefusedStampLeavesTheKeyAsItWas(Write write) {
        store.store(StoreMode.SET, key, item("6"), 5, 0, 0);
        byte[] before = store.peek(key).clone();
        long floorBefore = store.flushFloor();

        mayStamp.set(false);
        assertThatThrownBy(() -> write.run.accept(this)).isInstanceOf(StampRefusedException.class);

        byte[] after = store.peek(key);
        assertThat(after).as("the key's item, header and value").isEqualTo(before);
        assertThat(store.flushFloor()).isEqualTo(floorBefore);
        assertThat(store.tombstones().version(key)).isZero();

        mayStamp.set(true);
        write.run.accept(this);
        byte[] now = store.peek(key);
        boolean changed = now == null || Items.version(now) != Items.version(before) || store.flushFloor() != floorBefore;
        assertThat(changed).as("the same write once stamping is allowed again").isTrue();
    }

    byte[] item(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        byte[] item = Items.allocate(key, bytes.length);
        System.arraycopy(bytes, 0, item, Items.valueOffset(item), bytes.length);
        return item;
    }
}
