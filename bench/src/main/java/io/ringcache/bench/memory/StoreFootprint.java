package io.ringcache.bench.memory;

import io.ringcache.node.ManualClock;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.ItemStore;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.StoreMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * A store filled with {@code items} items of {@code valueBytes}-byte values under keys
 * {@code key:%010d} (the load generator's), and the heap it holds, per class as JOL walks it.
 *
 * @param parts every class of object the store reaches, largest first
 * @param totalBytes the whole store's footprint
 * @param chargedBytes what the store's weigher charged for those items (its {@code bytes} stat)
 */
public record StoreFootprint(int items, int valueBytes, List<Part> parts, long totalBytes, long chargedBytes) {

    /** One class of object: how many the store holds and their bytes. */
    public record Part(String type, long count, long bytes) {
    }

    /**
     * Fills a fresh store and measures it. The memory limit is set to 1.5x what the items are
     * charged, so that Caffeine sizes its frequency sketch as it does in a full cache (it does so
     * once half the limit is used) and evicts nothing.
     */
    public static StoreFootprint measure(int items, int valueBytes) {
        long perItem = ItemStore.weight(Items.allocate(ItemKey.of(key(0)), valueBytes));
        ItemStore store = new ItemStore(perItem * items * 3 / 2, true, new ManualClock(1_700_000_000_000L));
        for (int i = 0; i < items; i++) {
            ItemKey key = ItemKey.of(key(i));
            store.store(StoreMode.SET, key, Items.allocate(key, valueBytes), 0, 0, 0);
        }
        store.cleanUp();
        GraphLayout layout = GraphLayout.parseInstance(store);
        List<Part> parts = new ArrayList<>();
        for (Class<?> type : layout.getClasses()) {
            parts.add(new Part(type.getTypeName(), layout.getClassCounts().count(type), layout.getClassSizes().count(type)));
        }
        parts.sort(Comparator.comparingLong(Part::bytes).reversed());
        return new StoreFootprint(items, valueBytes, List.copyOf(parts), layout.totalSize(), store.usedBytes());
    }

    static String key(int i) {
        return String.format("key:%010d", i);
    }

    public double bytesPerItem() {
        return (double) totalBytes / items;
    }

    public double chargedPerItem() {
        return (double) chargedBytes / items;
    }

    /** The table: each class that holds at least 0.1 % of the footprint, then the rest in one line. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-62s %10s %14s %10s%n", "type", "count", "bytes", "per item"));
        long restCount = 0;
        long restBytes = 0;
        for (Part p : parts) {
            if (p.bytes() * 1000 >= totalBytes) {
                out.append(String.format("%-62s %10d %14d %10.1f%n", p.type(), p.count(), p.bytes(), (double) p.bytes() / items));
            } else {
                restCount += p.count();
                restBytes += p.bytes();
            }
        }
        out.append(String.format("%-62s %10d %14d %10.1f%n", "(everything else)", restCount, restBytes, (double) restBytes / items));
        out.append(String.format("%-62s %10s %14d %10.1f%n", "total", "", totalBytes, bytesPerItem()));
        out.append(String.format("%-62s %10s %14d %10.1f%n", "charged by the weigher", "", chargedBytes, chargedPerItem()));
        return out.toString();
    }

}
