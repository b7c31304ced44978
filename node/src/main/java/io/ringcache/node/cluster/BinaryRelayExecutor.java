package io.ringcache.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.node.protocol.BinaryAsMeta;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.protocol.Command.FlushAll;
import io.ringcache.node.protocol.ErrorReply;
import io.ringcache.node.server.Answers;
import io.ringcache.node.server.CommandExecutor;
import io.ringcache.node.server.DeferredReply;
import io.ringcache.node.server.ReplySink;
import io.ringcache.node.server.TextAnswers;

/**
 * A cluster member's executor as binary-protocol clients meet it. The cluster routes, forwards and
 * replicates text requests and relays text answers; a binary client's keyed request therefore runs
 * through it as the meta command that does the same ({@link BinaryAsMeta}), and its meta answer,
 * made here or at the key's owner, is said back in binary ({@link MetaRelay}); a flush's OK likewise.
 * Everything else (text clients, version, noop, stats, quit) passes straight through.
 */
final class BinaryRelayExecutor implements CommandExecutor {

    private static final byte[] OK = {'O', 'K'};

    private final CommandExecutor cluster;
    private final ByteBufAllocator alloc;

    BinaryRelayExecutor(CommandExecutor cluster, ByteBufAllocator alloc) {
        this.cluster = cluster;
        this.alloc = alloc;
    }

    @Override
    public void execute(Command command, ReplySink replies) {
        Answers answers = replies.answers();
        boolean keyed = BinaryAsMeta.covers(command);
        if (answers instanceof TextAnswers || (!keyed && !(command instanceof FlushAll))) {
            cluster.execute(command, replies);
            return;
        }
        TextAnswer text = new TextAnswer(alloc);
        cluster.execute(keyed ? BinaryAsMeta.toMeta(command) : command, text);
        java.util.concurrent.CompletableFuture<ByteBuf> answer = text.answer();
        if (answer.isDone()) {
            say(command, answer.join(), answers, replies); // answered here, at once: no reordering needed
            return;
        }
        DeferredReply slot = replies.defer();
        answer.whenComplete((bytes, failure) -> {
            CapturingSink out = new CapturingSink(alloc);
            if (bytes != null) {
                say(command, bytes, answers, out);
            } else {
                answers.serverError(out, command, failure.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            slot.complete(out.answer());
        });
    }

    /** Says the text {@code answer} to {@code command} through {@code answers}; releases it. */
    private static void say(Command command, ByteBuf answer, Answers answers, ReplySink out) {
        try {
            if (!(command instanceof FlushAll flush)) {
                MetaRelay.answer(command, answer, answers, out);
            } else if (!answer.isReadable() || startsWith(answer, OK)) {
                answers.ok(out, flush); // a quiet flush's text answer is empty
            } else {
                answers.error(out, flush, ErrorReply.ERROR);
            }
        } finally {
            answer.release();
        }
    }

    private static boolean startsWith(ByteBuf b, byte[] prefix) {
        if (b.readableBytes() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.getByte(b.readerIndex() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
