package io.ringcache.client;

/** The answer to a storage command. */
public enum StoreResult {
  STORED,
  /** add found the key, replace/append/prepend did not. */
  NOT_STORED,
  /** cas: the item changed since it was read. */
  EXISTS,
  /** cas: the item is gone. */
  NOT_FOUND
}
