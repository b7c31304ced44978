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
 * opcodes). Meta commands exist only in the text protocol and write their own answers.
 *
 * <p>Called on the connection's event loop, like the {@link ReplySink} every method writes to.
 */
public interface Answers {

    /** A retrieval's hit for {@code key}. */
    void value(ReplySink out, Retrieve c, ItemKey key, byte[] item);

    /** A retrieval's miss for {@code key} (the text protocol says nothing until the end). */
    void miss(ReplySink out, Retrieve c, ItemKey key);

    /** After the last key of a retrieval. */
    void endOfValues(ReplySink out, Retrieve c);

    /** A storage command stored {@code item}. */
    void stored(ReplySink out, Store c, byte[] item);

    /** add found the key, replace/append/prepend did not. */
    void notStored(ReplySink out, Store c);

    /** The item's CAS unique differs from the request's. */
    void exists(ReplySink out, Command c);

    /** No live item under the key. */
    void notFound(ReplySink out, Command c);

    void deleted(ReplySink out, Command.Delete c);

    /** incr/decr: {@code item} holds the counter's new value in decimal. */
    void counted(ReplySink out, Arithmetic c, byte[] item);

    /** touch found and touched {@code item}. */
    void touched(ReplySink out, Touch c, byte[] item);

    /** flush_all and verbosity. */
    void ok(ReplySink out, Command c);

    void version(ReplySink out, Command c);

    /** mn, or the binary no-op that ends a batch of quiet requests. */
    void noop(ReplySink out, Command c);

    void stats(ReplySink out, Stats c, StatsReport report);

    /** What a request that closes the connection answers before the close (text quit: nothing). */
    void quit(ReplySink out, Command c);

    void error(ReplySink out, Command c, ErrorReply error);
}
