package io.ringcache.node.clients;

import io.ringcache.node.conformance.MemcachedProcess;
import io.ringcache.node.conformance.ServerUnderTest;
import io.ringcache.node.conformance.Targets;

/**
 * The servers each client test runs against: memcached first, showing the test itself is right,
 * then the target (ringcache unless {@code -Dconformance.target=memcached}).
 */
enum ClientServers {
    MEMCACHED {
        @Override
        ServerUnderTest start() {
            return MemcachedProcess.start();
        }
    },
    TARGET {
        @Override
        ServerUnderTest start() {
            return Targets.start();
        }
    };

    abstract ServerUnderTest start();
}
