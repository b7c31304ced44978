package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringcache.node.store.HybridClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A delete retried on the next owner after the first may have carried it out: which answers count as
 * "not found", how they read once the delete is known to have happened, and which tombstones prove it.
 */
class RetriedDeleteTest {

    private static ByteBuf line(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void notFoundInBothProtocols() {
        assertThat(RetriedDelete.saysNotFound(line("NOT_FOUND\r\n"))).isTrue();
        assertThat(RetriedDelete.saysNotFound(line("NF\r\n"))).isTrue();
        assertThat(RetriedDelete.saysNotFound(line("NF Oab kfoo\r\n"))).isTrue();
        assertThat(RetriedDelete.saysNotFound(line("DELETED\r\n"))).isFalse();
        assertThat(RetriedDelete.saysNotFound(line("HD\r\n"))).isFalse();
        assertThat(RetriedDelete.saysNotFound(line("NFX\r\n"))).isFalse();
    }

    @Test
    void saidAsDeletedKeepingMetaFlags() {
        assertThat(RetriedDelete.asDeleted(line("NOT_FOUND\r\n")).toString(StandardCharsets.US_ASCII)).isEqualTo("DELETED\r\n");
        assertThat(RetriedDelete.asDeleted(line("NF Oab kfoo\r\n")).toString(StandardCharsets.US_ASCII)).isEqualTo("HD Oab kfoo\r\n");
        assertThat(RetriedDelete.asDeleted(line("NF\r\n")).toString(StandardCharsets.US_ASCII)).isEqualTo("HD\r\n");
    }

    @Test
    void onlyATombstoneFromAfterTheDeleteBeganProvesIt() {
        long start = System.currentTimeMillis();
        long before = HybridClock.floorAt(start - 5);
        long after = HybridClock.floorAt(start) + 1;
        assertThat(RetriedDelete.deletedSince(after, start)).isTrue();
        assertThat(RetriedDelete.deletedSince(before, start)).isFalse();
        assertThat(RetriedDelete.deletedSince(0, start)).isFalse();
    }

    @Test
    void aTombstoneAnswerSaysWhetherItsDeleteRemovedAValue() {
        assertThat(RetriedDelete.removedLive(line("NF 12345 L\r\n"))).isTrue();
        assertThat(RetriedDelete.removedLive(line("NF 12345\r\n"))).isFalse();
        assertThat(RetriedDelete.removedLive(line("NF 1L\r\n"))).isFalse();
    }
}
