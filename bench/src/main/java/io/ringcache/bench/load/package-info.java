/**
 * The load generator: Netty connections speaking the memcached text protocol, closed loop (a fixed
 * number of requests in flight) or open loop (requests at intended times, latency corrected for
 * coordinated omission), with keys drawn uniformly or by Zipf from a precomputed key space and
 * latencies recorded per command kind in HdrHistogram recorders. {@link
 * io.ringcache.bench.load.LoadGenerator} runs one load and returns a {@link
 * io.ringcache.bench.load.LoadReport}.
 */
package io.ringcache.bench.load;
