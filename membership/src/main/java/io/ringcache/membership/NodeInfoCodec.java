package io.ringcache.membership;

import io.scalecube.cluster.metadata.MetadataCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The wire form of {@link NodeInfo}, pulled point to point by every peer that sees a member join.
 *
 * <pre>
 * metadata = magic:'R' 'M'  version:u8=1
 *            nodeId:str  bootId:i64  clientAddress:str  peerAddress:str  zone:str
 *            weight:u16  state:u8
 * str      = length:u8  utf8-bytes
 * </pre>
 *
 * Scalecube pitfalls this respects: {@link #serialize} returns a heap buffer whose backing array is
 * exactly the payload (the response writer sends {@code array()} whole), and {@link #deserialize}
 * answers null for an empty buffer (a member without metadata is sent as zero bytes).
 */
final class NodeInfoCodec implements MetadataCodec {

  static final NodeInfoCodec INSTANCE = new NodeInfoCodec();

  private static final byte MAGIC_0 = 'R';
  private static final byte MAGIC_1 = 'M';
  private static final byte VERSION = 1;

  @Override
  public Object deserialize(ByteBuffer buffer) {
    if (buffer == null || !buffer.hasRemaining()) {
      return null;
    }
    return decode(buffer.duplicate());
  }

  @Override
  public ByteBuffer serialize(Object metadata) {
    if (!(metadata instanceof NodeInfo info)) {
      throw new IllegalArgumentException(
          "metadata must be a NodeInfo, was " + (metadata == null ? "null" : metadata.getClass().getName()));
    }
    return ByteBuffer.wrap(encode(info));
  }

  static byte[] encode(NodeInfo info) {
    byte[] id = utf8(info.nodeId());
    byte[] client = utf8(info.clientAddress());
    byte[] peer = utf8(info.peerAddress());
    byte[] zone = utf8(info.zone());
    int size = 3 + (1 + id.length) + 8 + (1 + client.length) + (1 + peer.length) + (1 + zone.length) + 2 + 1;
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(MAGIC_0).put(MAGIC_1).put(VERSION);
    putString(out, id);
    out.putLong(info.bootId());
    putString(out, client);
    putString(out, peer);
    putString(out, zone);
    out.putShort((short) info.weight());
    out.put((byte) info.state().code());
    return out.array();
  }

  static NodeInfo decode(ByteBuffer in) {
    try {
      if (in.remaining() < 3 || in.get() != MAGIC_0 || in.get() != MAGIC_1) {
        throw new IllegalArgumentException("node metadata: not ringcache metadata (bad magic)");
      }
      int version = in.get() & 0xff;
      if (version != VERSION) {
        throw new IllegalArgumentException("node metadata: unsupported version " + version);
      }
      String nodeId = getString(in);
      long bootId = in.getLong();
      String client = getString(in);
      String peer = getString(in);
      String zone = getString(in);
      int weight = in.getShort() & 0xffff;
      NodeState state = NodeState.fromCode(in.get() & 0xff);
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("node metadata: " + in.remaining() + " trailing bytes");
      }
      return new NodeInfo(nodeId, bootId, client, peer, zone, weight, state);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("node metadata: truncated", e);
    }
  }

  private static byte[] utf8(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 255) {
      throw new IllegalArgumentException("node metadata: field longer than 255 bytes: " + s);
    }
    return bytes;
  }

  private static void putString(ByteBuffer out, byte[] bytes) {
    out.put((byte) bytes.length).put(bytes);
  }

  private static String getString(ByteBuffer in) {
    int length = in.get() & 0xff;
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
