/** ringcache ring module. */
package io.ringcache.ring;
