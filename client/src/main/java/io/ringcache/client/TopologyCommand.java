package io.ringcache.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringcache.ring.HostPort;
import io.ringcache.ring.Ring;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rc_topology}: the cluster's ring and its members' client addresses (docs/cluster.md). A node
 * without a ring yet answers {@code END} alone, decoded as null; a plain memcached server (or a
 * standalone node) answers {@code ERROR}, thrown as {@link ClientErrorException#unknownCommand()}.
 *
 * <p>The answer is checked strictly: the epoch and fingerprint on the RING line must match the decoded
 * ring, and the MEMBER lines must name the ring's members in ring order.
 */
final class TopologyCommand implements Command<ClusterTopology> {
  static final TopologyCommand INSTANCE = new TopologyCommand();
  static final byte[] REQUEST_LINE = Ascii.bytes("rc_topology\r\n");
  static final byte[] WATCH_LINE = Ascii.bytes("rc_topology watch\r\n");

  private TopologyCommand() {}

  @Override
  public ResponseShape shape() {
    return ResponseShape.TOPOLOGY;
  }

  @Override
  public ByteBuf encode(ByteBufAllocator allocator) {
    return allocator.ioBuffer(REQUEST_LINE.length).writeBytes(REQUEST_LINE);
  }

  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public ClusterTopology decode(ByteBuf frame) {
    return parse(frame);
  }

  /** Reads one framed topology answer (see {@link ResponseShape#TOPOLOGY}). */
  static ClusterTopology parse(ByteBuf frame) {
    int p = frame.readerIndex();
    int end = frame.writerIndex();
    int lf = lineEnd(frame, p, end);
    String first = Ascii.string(frame, p, lf - 1);
    if (first.equals("END")) {
      return null;
    }
    AnswerLines.throwIfError(frame, p, lf - 1 - p);
    String[] ringLine = first.split(" ");
    if ((ringLine.length != 4 && ringLine.length != 5) || !ringLine[0].equals("RING")) {
      throw new CorruptResponseException("malformed RING line: " + first);
    }
    long epoch = number(ringLine[1], first);
    int length = (int) number(ringLine[3], first);
    byte[] encoded = new byte[length];
    frame.getBytes(lf + 1, encoded);
    Ring ring;
    try {
      ring = Ring.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new CorruptResponseException("undecodable ring: " + e.getMessage());
    }
    if (ring.epoch() != epoch || !ring.fingerprint().equals(ringLine[2])) {
      throw new CorruptResponseException("ring bytes do not match their RING line: " + first);
    }
    p = lf + 1 + length + 2;
    List<java.net.SocketAddress> addresses = new ArrayList<>(ring.members().size());
    while (true) {
      lf = lineEnd(frame, p, end);
      String line = Ascii.string(frame, p, lf - 1);
      p = lf + 1;
      if (line.equals("END")) {
        break;
      }
      String[] member = line.split(" ");
      int index = addresses.size();
      if (member.length != 5 || !member[0].equals("MEMBER") || index >= ring.members().size()
          || !ring.members().get(index).nodeId().equals(member[1])) {
        throw new CorruptResponseException("MEMBER line out of ring order: " + line);
      }
      addresses.add(member[2].equals("-") ? null : address(member[2], line));
    }
    if (addresses.size() != ring.members().size()) {
      throw new CorruptResponseException(addresses.size() + " MEMBER lines for "
          + ring.members().size() + " ring members");
    }
    long clusterId = 0;
    if (ringLine.length == 5) {
      try {
        clusterId = Long.parseUnsignedLong(ringLine[4], 16);
      } catch (NumberFormatException e) {
        throw new CorruptResponseException("bad cluster id on RING line: " + first);
      }
    }
    return new ClusterTopology(ring, addresses, clusterId);
  }

  private static int lineEnd(ByteBuf frame, int from, int end) {
    int lf = frame.indexOf(from, end, (byte) '\n');
    if (lf < 0) {
      throw new CorruptResponseException("topology answer ends without END");
    }
    return lf;
  }

  private static long number(String text, String line) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new CorruptResponseException("bad number in: " + line);
    }
  }

  /** {@code host:port} as {@link HostPort} reads it (IPv6 bracketed, or unbracketed with the port after the last colon). */
  static InetSocketAddress address(String hostPort, String line) {
    HostPort address;
    try {
      address = HostPort.parse(hostPort);
    } catch (IllegalArgumentException e) {
      throw new CorruptResponseException("bad member address (" + e.getMessage() + ") in: " + line);
    }
    String host = address.host();
    int port = address.port();
    if (port < 1) {
      throw new CorruptResponseException("bad member port in: " + line);
    }
    return InetSocketAddress.createUnresolved(host, port);
  }
}
