package io.ringcache.membership;

import io.ringcache.ring.HostPort;
import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One member's metadata: who it is, which process incarnation it is, and how to reach it.
 *
 * <p>{@code bootId} changes on every process start, so a restart under the same {@code nodeId} is
 * visible (the ring treats it as a leave followed by a join). A weight of 0 marks an observer: a
 * member that sees the ring but owns no data.
 *
 * <p>Serializable only because scalecube refuses non-serializable metadata at start even when a
 * codec is configured; on the wire it always travels through {@link NodeInfoCodec}.
 */
public record NodeInfo(
    String nodeId,
    long bootId,
    String clientAddress,
    String peerAddress,
    String zone,
    int weight,
    NodeState state)
    implements Serializable {

  /** Longest node id or zone, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 64;
  /** Longest address ("host:port"), in UTF-8 bytes. */
  public static final int MAX_ADDRESS_BYTES = 255;
  /** Largest weight; the ring spreads vnodes in proportion to it. */
  public static final int MAX_WEIGHT = 65_535;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  public NodeInfo {
    checkName("nodeId", nodeId);
    checkName("zone", zone);
    checkAddress("clientAddress", clientAddress);
    checkAddress("peerAddress", peerAddress);
    if (weight < 0 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("weight must be 0.." + MAX_WEIGHT + ", was " + weight);
    }
    Objects.requireNonNull(state, "state");
  }

  /** True when this member should own data (weight above 0). */
  public boolean owner() {
    return weight > 0;
  }

  NodeInfo withState(NodeState newState) {
    return new NodeInfo(nodeId, bootId, clientAddress, peerAddress, zone, weight, newState);
  }

  static void checkName(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.length() > MAX_NAME_BYTES || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must be 1.." + MAX_NAME_BYTES + " characters of [A-Za-z0-9._-], was '" + value + "'");
    }
  }

  static void checkAddress(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.length() > MAX_ADDRESS_BYTES) {
      throw new IllegalArgumentException(what + " must be host:port, was '" + value + "'");
    }
    try {
      HostPort.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " must be host:port: " + e.getMessage());
    }
  }
}
