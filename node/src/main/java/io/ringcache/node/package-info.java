/** ringcache node module. */
package io.ringcache.node;
