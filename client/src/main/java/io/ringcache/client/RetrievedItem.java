package io.ringcache.client;

/** One VALUE block of a retrieval answer; {@code cas} is 0 when the command did not ask for it. */
record RetrievedItem(String key, int flags, byte[] data, long cas) {}
