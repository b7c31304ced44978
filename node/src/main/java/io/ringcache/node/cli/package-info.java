/** {@code ringcache-admin}: a command-line client of the nodes' admin port (status, ring, stats, leave). */
package io.ringcache.node.cli;
