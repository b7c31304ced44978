package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringcache.node.ManualClock;
import io.ringcache.node.NodeSettings;
import io.ringcache.node.binary.BinaryConformanceTest;
import io.ringcache.node.binary.BinaryPacket;
import io.ringcache.node.protocol.BinaryAsMeta;
import io.ringcache.node.protocol.BinaryDecoder;
import io.ringcache.node.protocol.BinaryRequest;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.CommandDecoder;
import io.ringcache.node.server.Answers;
import io.ringcache.node.server.BinaryAnswers;
import io.ringcache.node.server.DeferredReply;
import io.ringcache.node.server.LocalExecutor;
import io.ringcache.node.server.NodeStats;
import io.ringcache.node.server.ReplySink;
import io.ringcache.node.server.StatsReport;
import io.ringcache.node.store.ItemStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A binary client's request run as meta ({@link BinaryAsMeta}), here or sent to its owner as text,
 * and answered back through {@link MetaRelay}, gets the same packets as when it runs as itself:
 * every relayed request kind, hits, misses, CAS mismatches, quiet forms, non-numeric counters,
 * binary keys. Stores with the same history stand in for "here" and "the owner"; CAS uniques
 * compare by pattern.
 */
class MetaRelayTest {

    private static final ManualClock CLOCK = new ManualClock(1_800_000_000_000L);

    @Test
    void relayedAnswersAreThePacketsOfALocalExecution() {
        byte[] binaryKey = {'k', 0, ' ', (byte) 0xff, '\n'};
        List<byte[]> requests = List.of(
                request(0x00, new byte[0], "nokey", ""),                        // get miss
                request(0x0c, new byte[0], "nokey", ""),                        // getk miss
                request(0x09, new byte[0], "nokey", ""),                        // getq miss: silent
                request(0x01, ints(0xdeadbeef, 0), "k", "hello"),              // set
                request(0x00, new byte[0], "k", ""),                            // get hit
                request(0x0d, new byte[0], "k", ""),                            // getkq hit
                request(0x1d, ints(100), "k", ""),                              // gat
                request(0x1c, ints(100), "k", ""),                              // touch
                request(0x1c, ints(100), "nokey", ""),                          // touch miss
                request(0x02, ints(1, 0), "k", "x"),                            // add existing
                request(0x12, ints(1, 0), "a", "x"),                            // addq new: silent
                request(0x03, ints(1, 0), "r", "x"),                            // replace missing
                request(0x0e, new byte[0], "k", "!"),                           // append
                request(0x0f, new byte[0], "nolist", "!"),                      // prepend missing
                request(0x04, new byte[0], "nokey", ""),                        // delete missing
                withCas(request(0x04, new byte[0], "k", ""), 999_999_999L),     // delete, wrong CAS
                withCas(request(0x01, ints(0, 0), "a", "y"), 999_999_999L),     // cas mismatch
                request(0x05, arithmetic(1, 5, 0), "n", ""),                    // incr creates 5
                request(0x05, arithmetic(10, 0, 0), "n", ""),                   // 15
                request(0x06, arithmetic(100, 0, 0xffffffff), "n", ""),         // decr to 0
                request(0x15, arithmetic(1, 0, 0), "n", ""),                    // incrq: silent
                request(0x05, arithmetic(1, 0, 0xffffffff), "missing", ""),     // no create: not found
                request(0x01, ints(0, 0), "text", "abc"),
                request(0x05, arithmetic(1, 0, 0), "text", ""),                 // non-numeric
                BinaryPacket.request(0x01, ints(3, 0), binaryKey, "bin".getBytes(), 0, 77),
                BinaryPacket.request(0x0c, new byte[0], binaryKey, new byte[0], 0, 78),
                request(0x04, new byte[0], "k", ""),                            // delete
                request(0x00, new byte[0], "k", ""));
        List<String> direct = BinaryConformanceTest.normalise(run(requests, Route.DIRECT));
        assertThat(BinaryConformanceTest.normalise(run(requests, Route.AS_META))).containsExactlyElementsOf(direct);
        assertThat(BinaryConformanceTest.normalise(run(requests, Route.AS_META_TEXT))).containsExactlyElementsOf(direct);
    }

    /** How a request reaches the store: as itself, as its meta command, or as that command sent as text to a peer. */
    private enum Route { DIRECT, AS_META, AS_META_TEXT }

    /** Runs the requests on a fresh store along {@code route}; returns the packets the client gets. */
    private static List<BinaryPacket> run(List<byte[]> requests, Route route) {
        ItemStore store = new ItemStore(64L << 20, true, CLOCK);
        NodeSettings settings = NodeSettings.builder().clock(CLOCK).build();
        NodeStats stats = new NodeStats();
        LocalExecutor local = new LocalExecutor(store, stats, new StatsReport(settings, stats, store));
        ByteBuf out = Unpooled.buffer();
        for (byte[] bytes : requests) {
            BinaryRequest request = decodeBinary(bytes);
            Answers answers = new BinaryAnswers(request);
            Sink client = new Sink(out, answers);
            if (route != Route.DIRECT && BinaryAsMeta.covers(request.command())) {
                Command atOwner = BinaryAsMeta.toMeta(request.command());
                if (route == Route.AS_META_TEXT) {
                    atOwner = decodeText(RequestEncoder.encode(atOwner, ByteBufAllocator.DEFAULT));
                }
                CapturingSink owner = new CapturingSink(ByteBufAllocator.DEFAULT);
                local.execute(atOwner, owner);
                ByteBuf answer = owner.answer();
                MetaRelay.answer(request.command(), answer, answers, client);
                answer.release();
            } else {
                local.execute(request.command(), client);
            }
        }
        List<BinaryPacket> packets = new ArrayList<>();
        while (out.isReadable()) {
            byte[] header = new byte[BinaryPacket.HEADER];
            out.readBytes(header);
            byte[] body = new byte[BinaryPacket.bodyLength(header)];
            out.readBytes(body);
            packets.add(BinaryPacket.parse(header, body));
        }
        out.release();
        return packets;
    }

    private static BinaryRequest decodeBinary(byte[] bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new BinaryDecoder(1 << 20));
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        BinaryRequest request = ch.readInbound();
        ch.finishAndReleaseAll();
        return request;
    }

    private static Command decodeText(ByteBuf meta) {
        EmbeddedChannel ch = new EmbeddedChannel(new CommandDecoder(2048, 1 << 20, 1 << 20));
        ch.writeInbound(meta);
        Command command = ch.readInbound();
        assertThat(command).as("the relayed meta request decodes").isNotNull()
                .isNotInstanceOf(Command.Invalid.class);
        ch.finishAndReleaseAll();
        return command;
    }

    private static byte[] request(int opcode, byte[] extras, String key, String value) {
        return BinaryPacket.request(opcode, extras, key.getBytes(), value.getBytes(), 0, opcode + 1);
    }

    private static byte[] withCas(byte[] request, long cas) {
        ByteBuffer.wrap(request).putLong(16, cas);
        return request;
    }

    private static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] arithmetic(long delta, long initial, int expiration) {
        return ByteBuffer.allocate(20).putLong(delta).putLong(initial).putInt(expiration).array();
    }

    /** The client's connection: answers said into one buffer. */
    private record Sink(ByteBuf out, Answers answers) implements ReplySink {
        @Override
        public ByteBuf buffer() {
            return out;
        }

        @Override
        public void writeValue(byte[] array, int offset, int length) {
            out.writeBytes(array, offset, length);
        }

        @Override
        public DeferredReply defer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void closeAfterReplies() {
        }
    }
}
