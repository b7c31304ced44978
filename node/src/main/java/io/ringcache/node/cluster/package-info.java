/**
 * A node in a cluster: membership and the ring it publishes ({@link io.ringcache.node.cluster.ClusterNode}),
 * connections to peers ({@link io.ringcache.node.cluster.PeerPool}), and the executor that routes
 * each request to its key's owners, coordinates writes and replicates them
 * ({@link io.ringcache.node.cluster.ClusterExecutor}). Design: docs/cluster.md.
 */
package io.ringcache.node.cluster;
