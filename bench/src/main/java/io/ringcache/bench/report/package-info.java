/**
 * What a run leaves behind for people and scripts: the final table, summary.json, .hgrm
 * percentile files, HTML percentile plots, and the medians and ratios of a comparison over rounds.
 */
package io.ringcache.bench.report;
