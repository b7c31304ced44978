/** ringcache bench module. */
package io.ringcache.bench;
