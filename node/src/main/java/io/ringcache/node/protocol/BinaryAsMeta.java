package io.ringcache.node.protocol;

import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Delete;
import io.ringcache.node.protocol.Command.MetaArithmetic;
import io.ringcache.node.protocol.Command.MetaDelete;
import io.ringcache.node.protocol.Command.MetaGet;
import io.ringcache.node.protocol.Command.MetaSet;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.store.StoreMode;

/**
 * A binary-protocol client's keyed request as the meta command that does the same and whose answer
 * holds everything the binary answer needs: a store's new CAS unique (c), a hit's flags and CAS
 * (f c), a counter's CAS. A cluster member runs a binary client's request as this meta command, so
 * that routing, forwarding and replication need to know only the text protocol; the answer is said
 * back in binary (cluster/MetaRelay). The key is marked base64 (b) so that a peer receiving it as
 * text gets any binary key intact.
 *
 * <pre>
 *   get/gat k             mg k b f c v [T]
 *   touch k               mg k b f c T
 *   set/add/replace/...   ms k b c F T [ME|MR|MA|MP] [C]
 *   delete k              md k b [C]
 *   incr/decr k           ma k b v c MI|MD D [N J] [C]
 * </pre>
 */
public final class BinaryAsMeta {

    private BinaryAsMeta() {
    }

    /** Whether {@code command} is a keyed request this conversion covers. */
    public static boolean covers(Command command) {
        return (command instanceof Retrieve r && r.keys().length == 1) || command instanceof Touch
                || command instanceof Store || command instanceof Delete || command instanceof Arithmetic;
    }

    /** The meta command for {@code command}, one {@link #covers} accepts. */
    public static Command toMeta(Command command) {
        if (command instanceof Retrieve c) {
            MetaFlags f = flags("bfcv" + (c.touch() ? "T" : ""));
            f.ttl(c.exptime());
            return new MetaGet(c.keys()[0], f);
        }
        if (command instanceof Touch c) {
            MetaFlags f = flags("bfcT");
            f.ttl(c.exptime());
            return new MetaGet(c.key(), f);
        }
        if (command instanceof Store c) {
            byte mode = switch (c.mode()) {
                case ADD -> 'E';
                case REPLACE -> 'R';
                case APPEND -> 'A';
                case PREPEND -> 'P';
                default -> 0;
            };
            boolean compares = c.casUnique() != 0;
            MetaFlags f = flags("bcFT" + (mode != 0 ? "M" : "") + (compares ? "C" : ""));
            f.clientFlags(Integer.toUnsignedLong(c.flags()));
            f.ttl(c.exptime());
            f.mode(mode);
            f.compareCas(c.casUnique());
            StoreMode metaMode = c.mode() == StoreMode.CAS ? StoreMode.SET : c.mode();
            return new MetaSet(c.key(), metaMode, c.item(), f);
        }
        if (command instanceof Delete c) {
            MetaFlags f = flags(c.casUnique() != 0 ? "bC" : "b");
            f.compareCas(c.casUnique());
            return new MetaDelete(c.key(), f);
        }
        if (command instanceof Arithmetic c) {
            boolean vivify = c.vivify() != null;
            MetaFlags f = flags("bvcMD" + (vivify ? "NJ" : "") + (c.casUnique() != 0 ? "C" : ""));
            f.mode((byte) (c.increment() ? 'I' : 'D'));
            f.delta(c.delta());
            if (vivify) {
                f.vivifyTtl(c.vivify().exptime());
                f.initial(c.vivify().initial());
            }
            f.compareCas(c.casUnique());
            return new MetaArithmetic(c.key(), c.increment(), f);
        }
        throw new IllegalArgumentException("not a keyed binary request: " + command);
    }

    private static MetaFlags flags(String letters) {
        MetaFlags f = new MetaFlags(letters.length());
        for (int i = 0; i < letters.length(); i++) {
            f.add((byte) letters.charAt(i));
        }
        return f;
    }
}
