package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Responses;
import io.ringcache.node.store.ItemKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * A get/gets/gat/gats of several keys (one segment of a {@link MultiGetStream}): one part per set of
 * owners (keys whose owners are the same members, in the same order, go together, so that a part can
 * fail over to the next owner of every key in it), each distinct key asked once, each part carried
 * by {@link Forwarding} or run here, the values merged back in the client's key order, a key asked
 * twice answered twice, as memcached does. A part that no owner answers makes the segment answer
 * that error: a partial answer would look like misses.
 */
final class MultiGet {

    private final Forwarding forwarding;
    private final BiFunction<Command, Topology, CompletableFuture<ByteBuf>> coordinateHere;
    private final ByteBufAllocator alloc;

    MultiGet(Forwarding forwarding, BiFunction<Command, Topology, CompletableFuture<ByteBuf>> coordinateHere,
            ByteBufAllocator alloc) {
        this.forwarding = forwarding;
        this.coordinateHere = coordinateHere;
        this.alloc = alloc;
    }

    CompletableFuture<ByteBuf> run(Retrieve r, Topology t) {
        // each distinct key asked of its owners once; the merge answers it as often as it was named
        Map<List<Integer>, Set<ItemKey>> byOwners = new LinkedHashMap<>();
        for (ItemKey key : r.keys()) {
            int[] owners = Topology.owners(t, key);
            byOwners.computeIfAbsent(Arrays.stream(owners).boxed().toList(), o -> new LinkedHashSet<>()).add(key);
        }
        List<CompletableFuture<ByteBuf>> parts = new ArrayList<>(byOwners.size());
        boolean whole = false;
        for (Map.Entry<List<Integer>, Set<ItemKey>> group : byOwners.entrySet()) {
            Retrieve part = new Retrieve(r.withCas(), r.touch(), r.exptime(), group.getValue().toArray(ItemKey[]::new));
            whole = part.keys().length == r.keys().length;
            parts.add(group.getKey().get(0) == t.selfIndex() ? coordinateHere.apply(part, t) : forwarding.send(part, t));
        }
        if (whole) {
            return parts.get(0); // one part holding every key once: its answer is already the whole answer
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((v, e) -> merge(r, parts));
    }

    private ByteBuf merge(Retrieve r, List<CompletableFuture<ByteBuf>> parts) {
        List<ByteBuf> answers = new ArrayList<>(parts.size());
        for (CompletableFuture<ByteBuf> part : parts) {
            answers.add(part.getNow(null));
        }
        try {
            Map<String, ByteBuf> blocks = new HashMap<>();
            for (ByteBuf answer : answers) {
                if (answer == null) {
                    return Unpooled.wrappedBuffer(Refusal.UNREACHABLE.line());
                }
                if (!endsWithEnd(answer)) {
                    return answer.retainedDuplicate(); // an error line: the whole request answers it
                }
                ValueBlocks.collect(answer, blocks);
            }
            ByteBuf merged = alloc.buffer(256);
            for (ItemKey key : r.keys()) {
                ByteBuf block = blocks.get(key.toString());
                if (block != null) {
                    merged.writeBytes(block, block.readerIndex(), block.readableBytes());
                }
            }
            merged.writeBytes(Responses.END);
            return merged;
        } finally {
            for (ByteBuf answer : answers) {
                if (answer != null) {
                    answer.release();
                }
            }
        }
    }

    private static boolean endsWithEnd(ByteBuf answer) {
        int n = answer.readableBytes();
        int end = answer.writerIndex();
        return n >= Responses.END.length && answer.getByte(end - 5) == 'E' && answer.getByte(end - 4) == 'N'
                && answer.getByte(end - 3) == 'D' && answer.getByte(end - 2) == '\r' && answer.getByte(end - 1) == '\n';
    }
}
