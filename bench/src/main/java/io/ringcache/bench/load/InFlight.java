package io.ringcache.bench.load;

/**
 * The requests written on one connection and not yet answered, oldest first; memcached answers
 * in request order, so the head is always the one the next reply belongs to. A fixed ring of
 * parallel primitive arrays: no object per request. Confined to the connection's event loop.
 */
final class InFlight {
  private final CommandKind[] kinds;
  private final long[] intended;
  private final long[] sent;
  private final long[] firstKey;
  private final int[] keyCount;
  private int head;
  private int size;

  InFlight(int capacity) {
    kinds = new CommandKind[capacity];
    intended = new long[capacity];
    sent = new long[capacity];
    firstKey = new long[capacity];
    keyCount = new int[capacity];
  }

  int size() {
    return size;
  }

  int capacity() {
    return kinds.length;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void add(CommandKind kind, long intendedNanos, long sentNanos, long key, int keys) {
    if (size == kinds.length) {
      throw new IllegalStateException("more than " + kinds.length + " requests in flight");
    }
    int i = (head + size) % kinds.length;
    kinds[i] = kind;
    intended[i] = intendedNanos;
    sent[i] = sentNanos;
    firstKey[i] = key;
    keyCount[i] = keys;
    size++;
  }

  CommandKind headKind() {
    return size == 0 ? null : kinds[head];
  }

  long headIntended() {
    return intended[head];
  }

  long headSent() {
    return sent[head];
  }

  long headKey() {
    return firstKey[head];
  }

  int headKeyCount() {
    return keyCount[head];
  }

  void removeHead() {
    if (size == 0) {
      throw new IllegalStateException("no request in flight");
    }
    kinds[head] = null;
    head = (head + 1) % kinds.length;
    size--;
  }
}
