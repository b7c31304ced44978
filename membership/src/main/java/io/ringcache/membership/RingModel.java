package io.ringcache.membership;

import java.util.List;

/**
 * The seam between membership and the ring module: an immutable ring snapshot whose placement is a
 * pure function of its ordered join/leave history. Membership only sequences that history; it
 * never looks at placement.
 */
interface RingModel {

  long epoch();

  /** Member ids in the ring's own order. */
  List<String> memberIds();

  /** A new snapshot at epoch + 1 with {@code node} added. */
  RingModel join(NodeInfo node);

  /** A new snapshot at epoch + 1 without {@code nodeId}. */
  RingModel leave(String nodeId);

  /** The ring's binary codec: decoding these bytes gives a snapshot that encodes identically. */
  byte[] encode();

  /** The ring's own fingerprint, for humans and cross-checks. */
  String fingerprint();

  /** The placement: which members hold each key. */
  io.ringcache.ring.Ring placement();

  /** Builds empty rings and decodes published ones, with the cluster's RF and vnodes. */
  interface Factory {
    RingModel empty();

    RingModel decode(byte[] encoded);
  }
}
