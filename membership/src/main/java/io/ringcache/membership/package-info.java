/** ringcache membership module. */
package io.ringcache.membership;
