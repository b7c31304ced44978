/**
 * Helpers that the tests of every module share, published as the client's test-jar
 * ({@code <type>test-jar</type>}): node and bench both depend on the client, so its tests are the
 * lowest place all of them can reach.
 */
package io.ringcache.client.testing;
