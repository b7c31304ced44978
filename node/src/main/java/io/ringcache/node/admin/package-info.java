/**
 * The admin HTTP port of a node: Prometheus metrics read from the node's own counters, health for
 * load balancers, the cluster view and the live dashboard, and the graceful-leave call.
 */
package io.ringcache.node.admin;
