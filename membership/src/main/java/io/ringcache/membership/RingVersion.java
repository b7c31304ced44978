package io.ringcache.membership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One published version of the ring: the ring snapshot (its epoch and codec bytes) and, beside it,
 * the boot id of every member's process, and the cluster's id (drawn when the cluster's first ring
 * is made and kept by every later one: a cluster restarted as a whole gets a new id, which tells a
 * long-lived smart client that the lower epochs it now sees are newer). Immutable. Versions are
 * ordered by epoch and then by a digest of their bytes, so every member picks the same winner.
 *
 * <pre>
 * version = magic:'R' 'V'  format:u8=2  clusterId:i64  count:u16  member*count  ringLength:i32  ring-bytes
 * member  = nodeId:str  bootId:i64  weight:u16  zone:str        (in the ring's member order)
 * str     = length:u8  utf8-bytes
 * </pre>
 */
public final class RingVersion {

  /** The largest encoded version accepted from a peer (well under scalecube's 2 MiB frame). */
  static final int MAX_ENCODED_BYTES = 1 << 20;

  private static final byte MAGIC_0 = 'R';
  private static final byte MAGIC_1 = 'V';
  private static final byte FORMAT = 2;

  private final RingModel ring;
  private final long clusterId;
  private final List<RingMember> members;
  private final byte[] encoded;
  private final long digest;

  private RingVersion(RingModel ring, long clusterId, List<RingMember> members, byte[] encoded) {
    this.ring = ring;
    this.clusterId = clusterId;
    this.members = List.copyOf(members);
    this.encoded = encoded;
    this.digest = digestOf(encoded);
  }

  static RingVersion empty(RingModel.Factory rings) {
    return of(rings.empty(), Map.of(), 0);
  }

  static RingVersion of(RingModel ring, Map<String, RingMember> membersById, long clusterId) {
    List<RingMember> members = new ArrayList<>();
    for (String id : ring.memberIds()) {
      members.add(Objects.requireNonNull(membersById.get(id), () -> "no member record for " + id));
    }
    return new RingVersion(ring, clusterId, members, encode(ring.encode(), clusterId, members));
  }

  static RingVersion decode(byte[] bytes, RingModel.Factory rings) {
    if (bytes.length > MAX_ENCODED_BYTES) {
      throw new IllegalArgumentException("ring version: " + bytes.length + " bytes is over the limit");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      if (in.remaining() < 3 || in.get() != MAGIC_0 || in.get() != MAGIC_1) {
        throw new IllegalArgumentException("ring version: bad magic");
      }
      int format = in.get() & 0xff;
      if (format != FORMAT) {
        throw new IllegalArgumentException("ring version: unsupported format " + format);
      }
      long clusterId = in.getLong();
      int count = in.getShort() & 0xffff;
      List<RingMember> members = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String id = getString(in);
        long boot = in.getLong();
        int weight = in.getShort() & 0xffff;
        String zone = getString(in);
        members.add(new RingMember(id, boot, weight, zone));
      }
      int ringLength = in.getInt();
      if (ringLength < 0 || ringLength != in.remaining()) {
        throw new IllegalArgumentException("ring version: ring length " + ringLength + " does not match");
      }
      byte[] ringBytes = new byte[ringLength];
      in.get(ringBytes);
      RingModel ring = rings.decode(ringBytes);
      List<String> ids = members.stream().map(RingMember::nodeId).toList();
      if (!ids.equals(ring.memberIds())) {
        throw new IllegalArgumentException("ring version: members " + ids + " do not match the ring " + ring.memberIds());
      }
      return new RingVersion(ring, clusterId, members, bytes.clone());
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("ring version: truncated", e);
    }
  }

  public long epoch() {
    return ring.epoch();
  }

  /** The cluster's id: the same in every version since its first ring, new after a full restart; 0 while empty. */
  public long clusterId() {
    return clusterId;
  }

  /** The ring's own fingerprint; equal fingerprints at equal epochs mean the same placement. */
  public String fingerprint() {
    return ring.fingerprint();
  }

  /** The members in ring order, with the boot id of the process each one stands for. */
  public List<RingMember> members() {
    return members;
  }

  /** True if {@code nodeId} owns data in this version. */
  public boolean contains(String nodeId) {
    return members.stream().anyMatch(m -> m.nodeId().equals(nodeId));
  }

  /** The ring snapshot in the ring module's binary codec (a copy), as smart clients receive it. */
  public byte[] ringBytes() {
    return ring.encode();
  }

  /** This whole version as peers exchange it (a copy). */
  public byte[] encoded() {
    return encoded.clone();
  }

  RingModel ring() {
    return ring;
  }

  /** The ring of this version: preference lists of member indexes into {@link io.ringcache.ring.Ring#members()}. */
  public io.ringcache.ring.Ring placement() {
    return ring.placement();
  }

  byte[] encodedUnsafe() {
    return encoded;
  }

  /** The total order every member uses to pick between two versions: epoch, then digest. */
  boolean isNewerThan(RingVersion other) {
    if (epoch() != other.epoch()) {
      return epoch() > other.epoch();
    }
    return Long.compareUnsigned(digest, other.digest) > 0;
  }

  boolean sameAs(long otherEpoch, long otherDigest) {
    return epoch() == otherEpoch && digest == otherDigest;
  }

  long digest() {
    return digest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RingVersion v && Arrays.equals(encoded, v.encoded);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(digest);
  }

  @Override
  public String toString() {
    return "RingVersion{epoch=" + epoch() + ", fingerprint=" + fingerprint() + ", members="
        + members.stream().map(RingMember::nodeId).toList() + "}";
  }

  private static byte[] encode(byte[] ringBytes, long clusterId, List<RingMember> members) {
    int size = 3 + 8 + 2 + 4 + ringBytes.length;
    List<byte[]> ids = new ArrayList<>();
    List<byte[]> zones = new ArrayList<>();
    for (RingMember m : members) {
      byte[] id = m.nodeId().getBytes(StandardCharsets.UTF_8);
      byte[] zone = m.zone().getBytes(StandardCharsets.UTF_8);
      ids.add(id);
      zones.add(zone);
      size += 1 + id.length + 8 + 2 + 1 + zone.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(MAGIC_0).put(MAGIC_1).put(FORMAT).putLong(clusterId).putShort((short) members.size());
    for (int i = 0; i < members.size(); i++) {
      RingMember m = members.get(i);
      out.put((byte) ids.get(i).length).put(ids.get(i)).putLong(m.bootId()).putShort((short) m.weight());
      out.put((byte) zones.get(i).length).put(zones.get(i));
    }
    out.putInt(ringBytes.length).put(ringBytes);
    return out.array();
  }

  private static String getString(ByteBuffer in) {
    byte[] bytes = new byte[in.get() & 0xff];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static long digestOf(byte[] bytes) {
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes)).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
