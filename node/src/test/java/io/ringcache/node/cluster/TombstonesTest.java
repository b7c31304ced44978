package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.node.protocol.Command;
import io.ringcache.node.store.ItemKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The window of {@link Tombstones}, on a clock turned by hand (TransferAfterDeleteTest covers the wire). */
class TombstonesTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Tombstones tombstones = new Tombstones(nanos::get);

    @Test
    void deletesAreRecordedOnlyWithinTheWindowAfterARingChange() {
        tombstones.recordIfDelete(new Command.Delete(ItemKey.of("before-any-change"), false));
        assertThat(tombstones.isDeleted(ItemKey.of("before-any-change"))).isFalse();

        tombstones.ringChanged();
        tombstones.recordIfDelete(new Command.Delete(ItemKey.of("soon-after"), false));
        assertThat(tombstones.isDeleted(ItemKey.of("soon-after"))).isTrue();
        assertThat(tombstones.isDeleted(ItemKey.of("never-deleted"))).isFalse();

        advance(Tombstones.WINDOW.plusSeconds(1));
        tombstones.recordIfDelete(new Command.Delete(ItemKey.of("long-after"), false));
        assertThat(tombstones.isDeleted(ItemKey.of("long-after"))).isFalse();
        assertThat(tombstones.isDeleted(ItemKey.of("soon-after"))).as("expired with the window").isFalse();
    }

    @Test
    void aLaterRingChangeOpensTheWindowAgain() {
        tombstones.ringChanged();
        advance(Tombstones.WINDOW.plusSeconds(1));
        tombstones.ringChanged();
        tombstones.recordIfDelete(new Command.Delete(ItemKey.of("k"), true));
        assertThat(tombstones.isDeleted(ItemKey.of("k"))).isTrue();
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
