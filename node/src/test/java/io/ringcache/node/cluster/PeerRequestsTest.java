package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.StoreMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bytes of peer requests, exactly: the rc_ctx line is put together from parts encoded once per
 * ring and flush floor, keys are base64-encoded straight into the request, and a forwarded request
 * is written in one buffer; none of it may change what goes on the wire.
 */
class PeerRequestsTest {

    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private static String text(ByteBuf b) {
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }

    private static byte[] item(ItemKey key, String value) {
        byte[] item = Items.allocate(key, value.length());
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(v, 0, item, Items.valueOffset(item), v.length);
        return item;
    }

    @Test
    void theContextLineCarriesEachRequestsOwnNumbersWhenTheRingOrTheFloorChanges() {
        ItemKey k = ItemKey.of("k");
        Command get = new Command.Retrieve(false, false, 0, new ItemKey[] {k});
        assertThat(text(PeerRequests.forward(get, new RequestContext(7, 1_700_000_000_123L, 0), ALLOC)))
                .isEqualTo("rc_ctx 7 1700000000123 0\r\nget k\r\n");
        assertThat(text(PeerRequests.forward(get, new RequestContext(7, 1_700_000_000_124L, 0), ALLOC)))
                .isEqualTo("rc_ctx 7 1700000000124 0\r\nget k\r\n");
        assertThat(text(PeerRequests.forward(get, new RequestContext(8, 5, -1L), ALLOC)))
                .isEqualTo("rc_ctx 8 5 18446744073709551615\r\nget k\r\n");
        assertThat(text(PeerRequests.get(k, new RequestContext(8, 6, 123456789L << 22), ALLOC)))
                .isEqualTo("rc_ctx 8 6 " + Long.toUnsignedString(123456789L << 22) + "\r\nrc_get aw==\r\n");
        assertThat(text(PeerRequests.delete(k, 99, true, new RequestContext(7, 9, 0), ALLOC)))
                .isEqualTo("rc_ctx 7 9 0\r\nrc_del aw== 99 t\r\n");
    }

    @Test
    void forwardedClientRequestsAreWrittenAsTheClientsText() {
        ItemKey k = ItemKey.of("key:1");
        RequestContext ctx = new RequestContext(3, 1000, 0);
        String c = "rc_ctx 3 1000 0\r\n";
        assertThat(text(PeerRequests.forward(new Command.Store(StoreMode.SET, k, 5, 0, 0, item(k, "abc"), true), ctx, ALLOC)))
                .isEqualTo(c + "set key:1 5 0 3\r\nabc\r\n");
        assertThat(text(PeerRequests.forward(new Command.Store(StoreMode.CAS, k, 0, 60, 42, item(k, "x"), false), ctx, ALLOC)))
                .isEqualTo(c + "cas key:1 0 60 1 42\r\nx\r\n");
        assertThat(text(PeerRequests.forward(new Command.Store(StoreMode.PREPEND, k, 0, 0, 0, item(k, ""), false), ctx, ALLOC)))
                .isEqualTo(c + "prepend key:1 0 0 0\r\n\r\n");
        String big = "v".repeat(5000);
        assertThat(text(PeerRequests.forward(new Command.Store(StoreMode.ADD, k, 0, 0, 0, item(k, big), false), ctx, ALLOC)))
                .isEqualTo(c + "add key:1 0 0 5000\r\n" + big + "\r\n");
        assertThat(text(PeerRequests.forward(new Command.Retrieve(true, false, 0, new ItemKey[] {k}), ctx, ALLOC)))
                .isEqualTo(c + "gets key:1\r\n");
        assertThat(text(PeerRequests.forward(new Command.Retrieve(false, true, 30, new ItemKey[] {k, ItemKey.of("b")}), ctx, ALLOC)))
                .isEqualTo(c + "gat 30 key:1 b\r\n");
        assertThat(text(PeerRequests.forward(new Command.Retrieve(true, true, -1, new ItemKey[] {k}), ctx, ALLOC)))
                .isEqualTo(c + "gats -1 key:1\r\n");
        assertThat(text(PeerRequests.forward(new Command.Delete(k, false), ctx, ALLOC))).isEqualTo(c + "delete key:1\r\n");
        assertThat(text(PeerRequests.forward(new Command.Arithmetic(false, k, 7, false), ctx, ALLOC)))
                .isEqualTo(c + "decr key:1 7\r\n");
        assertThat(text(PeerRequests.forward(new Command.Touch(k, 10, true), ctx, ALLOC))).isEqualTo(c + "touch key:1 10\r\n");
    }

    @Test
    void replicaWritesCarryTheItemWithItsKeyInBase64AsTheJdkEncodesIt() {
        Random random = new Random(13);
        for (int length = 1; length <= 250; length++) {
            byte[] raw = new byte[length];
            random.nextBytes(raw);
            ItemKey key = ItemKey.wrap(raw);
            byte[] item = item(key, "hello");
            Items.fillCopy(item, 1L << 40, 77, 9, 1_800_000_000L, 0);
            String expected = "rc_ctx 2 5 0\r\nrc_put " + Base64.getEncoder().encodeToString(raw)
                    + " " + Items.version(item) + " 77 9 1800000000 " + (Items.marks(item) & 0xFFFF_FFFFL) + " 5\r\nhello\r\n";
            assertThat(text(PeerRequests.put(key, item, false, new RequestContext(2, 5, 0), ALLOC))).isEqualTo(expected);

            ByteBuf direct = Unpooled.buffer(1);
            Base64Key.encode(key, direct);
            assertThat(text(direct)).isEqualTo(Base64.getEncoder().encodeToString(raw));
        }
    }
}
