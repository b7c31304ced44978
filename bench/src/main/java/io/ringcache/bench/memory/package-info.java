/**
 * What an item costs the node: the heap footprint of a filled store, part by part, as JOL measures
 * it, against the weight the store charges for it.
 */
package io.ringcache.bench.memory;
