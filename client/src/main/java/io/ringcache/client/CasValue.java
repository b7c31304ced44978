package io.ringcache.client;

/** A value with the CAS unique it had when read; pass {@code cas} to {@code cas(...)}. */
public record CasValue<V>(V value, long cas) {}
