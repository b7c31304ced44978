/** JMH microbenchmarks of the node's hot paths: decoding requests and the item store. */
package io.ringcache.bench.jmh;
