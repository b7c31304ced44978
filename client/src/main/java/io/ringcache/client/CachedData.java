package io.ringcache.client;

/** A value as stored: the 32-bit client flags and the bytes. */
public record CachedData(int flags, byte[] data) {}
