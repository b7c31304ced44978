/**
 * The conformance suite: the proof that a ringcache node answers like memcached 1.6. A raw socket
 * client ({@link io.ringcache.node.conformance.RawClient}) plays scenario scripts against real
 * memcached ({@link io.ringcache.node.conformance.MemcachedProcess}) and the node, fed whole, byte
 * by byte and in odd chunks; separate suites check each row of the bad-input table, the limits, the
 * stats counters and TTLs on an injected clock.
 */
package io.ringcache.node.conformance;
