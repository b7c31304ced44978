package io.ringcache.node.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.function.BooleanSupplier;

/**
 * What both request decoders (text and binary) keep the same way: the count of requests decoded, the
 * gate asked before each request (a connection that does not read its answers, or used its turn, is
 * not decoded), and the share of the node's receiving limit held by a value being read, given back
 * when the value is complete or the connection closes. On close, what is buffered is dropped rather
 * than run for a connection that is gone.
 */
abstract class GatedRequestDecoder extends ByteToMessageDecoder implements RequestDecoder {

    /** The node's account of values being received, shared by all its connections. */
    protected final ReceivingValues receiving;
    /** The bytes of {@link #receiving} the value being read holds. */
    protected long reserved;
    protected long decodedCount;
    private BooleanSupplier mayDecode = () -> true;

    GatedRequestDecoder(ReceivingValues receiving) {
        this.receiving = receiving;
    }

    @Override
    public final long decodedCount() {
        return decodedCount;
    }

    @Override
    public final void gate(BooleanSupplier mayDecode) {
        this.mayDecode = mayDecode;
    }

    @Override
    public final boolean hasBufferedInput() {
        return internalBuffer().isReadable();
    }

    /** Gives the decoder taking over this connection the same gate. */
    protected final void handGateTo(RequestDecoder next) {
        next.gate(mayDecode);
    }

    /** Whether the next request may be decoded now. */
    protected final boolean mayDecode() {
        return mayDecode.getAsBoolean();
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed();
        giveBackReserved();
        super.channelInactive(ctx);
    }

    /** The connection closed: decode nothing more and let go of a partly read value. */
    protected abstract void closed();

    protected final void giveBackReserved() {
        if (reserved > 0) {
            receiving.release(reserved);
            reserved = 0;
        }
    }
}
