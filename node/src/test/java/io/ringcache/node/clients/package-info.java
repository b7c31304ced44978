/**
 * Off-the-shelf memcached clients (spymemcached, xmemcached) used unchanged against a ringcache node,
 * and against memcached to show each test is right.
 */
package io.ringcache.node.clients;
