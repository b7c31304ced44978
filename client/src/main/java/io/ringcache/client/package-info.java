/** ringcache client module. */
package io.ringcache.client;
