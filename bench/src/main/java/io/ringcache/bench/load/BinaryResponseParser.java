package io.ringcache.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Reads memcached binary-protocol answers to {@link BinaryRequestWriter}'s requests and reports
 * them to the same {@link ResponseParser.Listener} as the text parser: a GET's answer is a hit (a
 * value, then the end) or a miss (the end); each GETKQ answer is a hit and the NOOP ends the
 * multi-get; a SET's status says stored or not. Bodies are skipped as they arrive.
 */
final class BinaryResponseParser extends ByteToMessageDecoder {
  private static final int RESPONSE_MAGIC = 0x81;
  private static final int SUCCESS = 0x00;
  private static final int KEY_ENOENT = 0x01;
  private static final int KEY_EEXISTS = 0x02;
  private static final int NOT_STORED = 0x05;
  private static final int UNKNOWN_COMMAND = 0x81;

  private final ResponseParser.Listener listener;
  /** Body bytes of the current answer still to skip. */
  private long bodyRemaining;
  private boolean broken;

  BinaryResponseParser(ResponseParser.Listener listener) {
    this.listener = listener;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!broken) {
      if (bodyRemaining > 0) {
        int skip = (int) Math.min(in.readableBytes(), bodyRemaining);
        in.skipBytes(skip);
        bodyRemaining -= skip;
        if (bodyRemaining > 0) {
          return;
        }
      }
      if (in.readableBytes() < BinaryRequestWriter.HEADER) {
        return;
      }
      int r = in.readerIndex();
      if (in.getUnsignedByte(r) != RESPONSE_MAGIC) {
        broken = true;
        in.skipBytes(in.readableBytes());
        listener.onProtocolError("not a binary answer (magic " + in.getUnsignedByte(r) + ")");
        return;
      }
      int opcode = in.getUnsignedByte(r + 1);
      int status = in.getUnsignedShort(r + 6);
      bodyRemaining = in.getUnsignedInt(r + 8);
      in.skipBytes(BinaryRequestWriter.HEADER);
      dispatch(opcode, status);
    }
  }

  private void dispatch(int opcode, int status) {
    switch (opcode) {
      case BinaryRequestWriter.GET -> {
        if (status == SUCCESS) {
          listener.onValue();
          listener.onEnd();
        } else if (status == KEY_ENOENT) {
          listener.onEnd();
        } else {
          error(status);
        }
      }
      case BinaryRequestWriter.GETKQ -> {
        if (status == SUCCESS) {
          listener.onValue();
        } else {
          error(status);
        }
      }
      case BinaryRequestWriter.NOOP -> listener.onEnd();
      case BinaryRequestWriter.SET -> {
        if (status == SUCCESS || status == KEY_ENOENT || status == KEY_EEXISTS || status == NOT_STORED) {
          listener.onStoreReply(status == SUCCESS);
        } else {
          error(status);
        }
      }
      default -> {
        broken = true;
        listener.onProtocolError("an answer to opcode " + opcode + ", which this load never sends");
      }
    }
  }

  private void error(int status) {
    listener.onErrorReply(status == UNKNOWN_COMMAND ? ResponseParser.ErrorKind.ERROR : ResponseParser.ErrorKind.SERVER_ERROR);
  }
}
