/** Measurements of the ring: lookup and build cost (JMH), and balance and movement by simulation. */
package io.ringcache.bench.ring;
