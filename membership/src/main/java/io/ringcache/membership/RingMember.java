package io.ringcache.membership;

/**
 * A member as the ring holds it, plus the boot id of the process that joined under that id (the
 * ring itself only knows id, weight and zone; the boot id lets a restart be seen as leave + join).
 */
public record RingMember(String nodeId, long bootId, int weight, String zone) {}
