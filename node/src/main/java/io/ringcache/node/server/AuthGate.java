package io.ringcache.node.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.ringcache.node.protocol.Command;
import io.ringcache.node.store.Items;
import io.ringcache.node.store.StoreMode;
import java.nio.charset.StandardCharsets;

/**
 * memcached's ASCII authentication ({@code -Y}), between the decoder and the connection handler:
 * until a client authenticates, every command is answered {@code CLIENT_ERROR unauthenticated} and
 * nothing is executed; the first {@code set} (any key, flags and expiry) whose data is
 * "user password" authenticates it ({@code STORED}; nothing is stored). The answers are memcached
 * 1.6's, checked side by side with memcached in the tests. Then it steps aside.
 *
 * <p>Answers written here go out before anything the handler behind answers, which keeps them in
 * request order: nothing reaches that handler before authentication succeeds.
 */
final class AuthGate extends ChannelInboundHandlerAdapter {

    private static final byte[] UNAUTHENTICATED = line("CLIENT_ERROR unauthenticated");
    private static final byte[] BAD_FORMAT = line("CLIENT_ERROR bad authentication token format");
    private static final byte[] FAILURE = line("CLIENT_ERROR authentication failure");
    private static final byte[] STORED = line("STORED");

    private final AuthFile authFile;

    AuthGate(AuthFile authFile) {
        this.authFile = authFile;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Command command)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(command instanceof Command.Store store) || store.mode() != StoreMode.SET) {
            if (command instanceof Command.Invalid invalid && invalid.close()) {
                ctx.fireChannelRead(msg); // a line the decoder cannot resynchronise after: closed as always
                return;
            }
            answer(ctx, UNAUTHENTICATED); // memcached answers even a noreply command here
            return;
        }
        byte[] item = store.item();
        String[] words = words(item, Items.valueOffset(item), Items.valueLength(item));
        // as memcached: the data's first two space-separated words, whatever follows; noreply is
        // not honoured on this set (memcached answers it all the same)
        if (words == null) {
            answer(ctx, BAD_FORMAT);
        } else if (!authFile.accepts(words[0], words[1].getBytes(StandardCharsets.UTF_8))) {
            answer(ctx, FAILURE);
        } else {
            answer(ctx, STORED);
            ctx.pipeline().remove(this);
        }
    }

    /** The first two words of the data, split at runs of spaces; null when there are fewer. */
    private static String[] words(byte[] bytes, int from, int length) {
        String[] words = new String[2];
        int found = 0;
        int i = from;
        int end = from + length;
        while (found < 2) {
            while (i < end && bytes[i] == ' ') {
                i++;
            }
            if (i == end) {
                return null;
            }
            int start = i;
            while (i < end && bytes[i] != ' ') {
                i++;
            }
            words[found++] = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        }
        return words;
    }

    private static void answer(ChannelHandlerContext ctx, byte[] line) {
        ctx.write(Unpooled.wrappedBuffer(line));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    private static byte[] line(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
