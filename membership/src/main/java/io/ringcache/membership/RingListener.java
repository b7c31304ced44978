package io.ringcache.membership;

/**
 * Receives ring versions in order (each newer than the last), on the membership's single
 * notification thread; never on a gossip thread. A slow listener delays later notifications but
 * never the gossip protocol or the sequencing.
 */
@FunctionalInterface
public interface RingListener {
  void onRing(RingVersion version);
}
