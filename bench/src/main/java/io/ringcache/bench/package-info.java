/**
 * The {@code ringcache-bench} command line: {@code load} drives servers, {@code summarize} turns
 * comparison rounds into medians and ratios, {@code plot} draws their latency percentiles.
 */
package io.ringcache.bench;
