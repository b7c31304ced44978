package io.ringcache.membership;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A light {@link RingModel} for the sequencing tests: it holds only the ordered member list and
 * keeps the same contract (epoch + 1 per step, bit-identical codec), which is all the sequencing
 * relies on, without computing placements at every simulated step.
 */
final class HistoryRing implements RingModel {

  static final Factory FACTORY =
      new Factory() {
        @Override
        public RingModel empty() {
          return new HistoryRing(0, List.of());
        }

        @Override
        public RingModel decode(byte[] encoded) {
          return HistoryRing.decode(encoded);
        }
      };

  private record Entry(String id, int weight, String zone) {}

  private final long epoch;
  private final List<Entry> entries;

  private HistoryRing(long epoch, List<Entry> entries) {
    this.epoch = epoch;
    this.entries = List.copyOf(entries);
  }

  @Override
  public long epoch() {
    return epoch;
  }

  @Override
  public List<String> memberIds() {
    return entries.stream().map(Entry::id).toList();
  }

  @Override
  public RingModel join(NodeInfo node) {
    if (memberIds().contains(node.nodeId())) {
      throw new IllegalArgumentException("already in the ring: " + node.nodeId());
    }
    List<Entry> next = new ArrayList<>(entries);
    next.add(new Entry(node.nodeId(), node.weight(), node.zone()));
    return new HistoryRing(epoch + 1, next);
  }

  @Override
  public RingModel leave(String nodeId) {
    List<Entry> next = new ArrayList<>(entries);
    if (!next.removeIf(e -> e.id().equals(nodeId))) {
      throw new IllegalArgumentException("not in the ring: " + nodeId);
    }
    return new HistoryRing(epoch + 1, next);
  }

  @Override
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(epoch);
      out.writeInt(entries.size());
      for (Entry e : entries) {
        out.writeUTF(e.id());
        out.writeInt(e.weight());
        out.writeUTF(e.zone());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static HistoryRing decode(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
      long epoch = in.readLong();
      int count = in.readInt();
      if (count < 0 || count > 65_536) {
        throw new IllegalArgumentException("ring: bad member count " + count);
      }
      List<Entry> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        entries.add(new Entry(in.readUTF(), in.readInt(), in.readUTF()));
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException("ring: trailing bytes");
      }
      return new HistoryRing(epoch, entries);
    } catch (IOException e) {
      throw new IllegalArgumentException("ring: truncated", e);
    }
  }

  @Override
  public io.ringcache.ring.Ring placement() {
    io.ringcache.ring.Ring ring = io.ringcache.ring.Ring.empty(io.ringcache.ring.RingParameters.defaults());
    for (Entry e : entries) {
      ring = ring.join(new io.ringcache.ring.Member(e.id(), e.weight(), e.zone()));
    }
    return ring;
  }

  @Override
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(encode());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
