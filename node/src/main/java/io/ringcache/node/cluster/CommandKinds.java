package io.ringcache.node.cluster;

import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Delete;
import io.ringcache.node.protocol.Command.MetaArithmetic;
import io.ringcache.node.protocol.Command.MetaDelete;
import io.ringcache.node.protocol.Command.MetaGet;
import io.ringcache.node.protocol.Command.MetaSet;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.protocol.MetaFlags;
import io.ringcache.node.store.ItemKey;
import io.ringcache.node.store.StoreMode;
import java.util.Arrays;
import java.util.List;

/** What the cluster needs to know about a client's command: its keys, whether it writes, whether it may run twice. */
final class CommandKinds {

    private CommandKinds() {
    }

    /** Whether the command can change the key's item (and so must reach the other owners). */
    static boolean isWrite(Command c) {
        return c instanceof Store || c instanceof Delete || c instanceof Arithmetic || c instanceof Touch
                || c instanceof MetaSet || c instanceof MetaDelete || c instanceof MetaArithmetic
                || (c instanceof Retrieve r && r.touch())
                || (c instanceof MetaGet g && (g.flags().has('T') || g.flags().has('N')));
    }

    /**
     * Whether carrying the command out twice leaves the same item and answer as once, so that it may
     * be sent to the next owner when the first may or may not have applied it. incr/decr, append,
     * prepend, add, cas and anything compare-and-set may not.
     */
    static boolean isIdempotent(Command c) {
        if (c instanceof Store s) {
            return s.mode() == StoreMode.SET;
        }
        if (c instanceof Arithmetic || c instanceof MetaArithmetic) {
            return false;
        }
        if (c instanceof MetaSet s) {
            return s.mode() == StoreMode.SET && !s.flags().has('C') && !s.flags().has('I');
        }
        if (c instanceof MetaDelete d) {
            return !d.flags().has('C');
        }
        if (c instanceof MetaGet g) {
            return !g.flags().has('N');
        }
        return c instanceof Retrieve || c instanceof Delete || c instanceof Touch;
    }

    /** The command's key (a multi-key get's first), without the list {@link #keysOf} makes. */
    static ItemKey keyOf(Command c) {
        if (c instanceof Retrieve r) {
            return r.keys()[0];
        } else if (c instanceof MetaGet m) {
            return m.key();
        } else if (c instanceof Store s) {
            return s.key();
        } else if (c instanceof MetaSet m) {
            return m.key();
        } else if (c instanceof Delete d) {
            return d.key();
        } else if (c instanceof Arithmetic a) {
            return a.key();
        } else if (c instanceof Touch t) {
            return t.key();
        } else if (c instanceof MetaDelete m) {
            return m.key();
        } else if (c instanceof MetaArithmetic m) {
            return m.key();
        } else if (c instanceof Command.TooLarge t) {
            return t.key();
        }
        throw new IllegalArgumentException("no key in " + c);
    }

    /** Whether the command names exactly one key (all but a get of several). */
    static boolean isSingleKey(Command c) {
        return !(c instanceof Retrieve r) || r.keys().length == 1;
    }

    /** Every key the command names, in order (a multi-key get's all, any other command's one). */
    static List<ItemKey> keysOf(Command c) {
        return c instanceof Retrieve r ? Arrays.asList(r.keys()) : List.of(keyOf(c));
    }

    /** The meta flags of a meta command, or null. */
    static MetaFlags metaFlagsOf(Command c) {
        if (c instanceof MetaGet m) {
            return m.flags();
        }
        if (c instanceof MetaSet m) {
            return m.flags();
        }
        if (c instanceof MetaDelete m) {
            return m.flags();
        }
        if (c instanceof MetaArithmetic m) {
            return m.flags();
        }
        return null;
    }
}
