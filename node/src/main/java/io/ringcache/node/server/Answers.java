package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.Arithmetic;
import io.ringcache.node.protocol.Command.Retrieve;
import io.ringcache.node.protocol.Command.Stats;
import io.ringcache.node.protocol.Command.Store;
import io.ringcache.node.protocol.Command.Touch;
import io.ringcache.node.protocol.ErrorReply;
import io.ringcache.node.store.ItemKey;

/**
 * How the results of the classic commands become bytes on a connection: memcached's text words
 * ({@link TextAnswers}) or binary-protocol packets ({@link BinaryAnswers}). The executor decides what
 * happened; the answers decide how it is said, and whether at all (text noreply, binary quiet
 * opcodes). Meta commands exist only in the text protocol and write their own answers. The
 * methods take the fields they say, never an item array, so answers relayed from another node can
 * be said the same way.
 *
 * <p>Called on the connection's event loop, like the {@link ReplySink} every method writes to.
 */
public interface Answers {

    /** A retrieval's hit for {@code key}: {@code length} value bytes at {@code offset} of {@code array}. */
    void value(ReplySink out, Retrieve c, ItemKey key, int flags, long cas, byte[] array, int offset, int length);

    /** A retrieval's miss for {@code key} (the text protocol says nothing until the end). */
    void miss(ReplySink out, Retrieve c, ItemKey key);

    /** After the last key of a retrieval. */
    void endOfValues(ReplySink out, Retrieve c);

    /** A storage command stored an item that got the CAS unique {@code cas}. */
    void stored(ReplySink out, Store c, long cas);

    /** add found the key, replace/append/prepend did not. */
    void notStored(ReplySink out, Store c);

    /** The item's CAS unique differs from the request's. */
    void exists(ReplySink out, Command c);

    /** No live item under the key. */
    void notFound(ReplySink out, Command c);

    void deleted(ReplySink out, Command.Delete c);

    /** incr/decr: the counter's new value, its decimal digits at {@code offset} of {@code digits}, and its CAS unique. */
    void counted(ReplySink out, Arithmetic c, byte[] digits, int offset, int length, long cas);

    /** touch found and touched an item with these client flags and CAS unique. */
    void touched(ReplySink out, Touch c, int flags, long cas);

    /** flush_all and verbosity. */
    void ok(ReplySink out, Command c);

    void version(ReplySink out, Command c);

    /** mn, or the binary no-op that ends a batch of quiet requests. */
    void noop(ReplySink out, Command c);

    void stats(ReplySink out, Stats c, StatsReport report);

    /** What a request that closes the connection answers before the close (text quit: nothing). */
    void quit(ReplySink out, Command c);

    void error(ReplySink out, Command c, ErrorReply error);

    /**
     * A {@code SERVER_ERROR} with a message of the node's own (a cluster member that could not reach
     * the key's owners, say); binary says it as memcached says its server errors, status ENOMEM.
     */
    void serverError(ReplySink out, Command c, byte[] message);
}
