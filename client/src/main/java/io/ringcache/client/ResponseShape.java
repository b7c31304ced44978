package io.ringcache.client;

/**
 * How the answer to one request is framed on the wire. The connection cannot guess this from the
 * bytes (a single line and the first line of a block look alike), so every request states it.
 */
public enum ResponseShape {
  /** No answer at all ({@code noreply}); the request completes once written. */
  NONE,
  /**
   * Exactly one line: storage, delete, incr/decr, touch, flush_all, version, verbosity, and every
   * error line.
   */
  LINE,
  /**
   * {@code get/gets/gat/gats}: zero or more {@code VALUE <key> <flags> <bytes> [<cas>]} lines, each
   * followed by a data block of exactly {@code <bytes>} bytes and CRLF, then {@code END}. The data
   * length, never a search for END, delimits each block.
   */
  VALUES,
  /** {@code stats [args]}: any number of lines up to {@code END}. */
  STATS,
  /**
   * One meta answer: {@code HD|NF|NS|EX|EN|MN|ME ...} on one line, or {@code VA <size> <flags>*}
   * followed by a data block. Quiet-mode ({@code q}) meta requests answer nothing on success and are
   * therefore not framable one by one; send them with {@code mn} or not at all.
   */
  META,
  /**
   * {@code rc_topology [watch]}: {@code RING <epoch> <fingerprint> <bytes>} followed by a data block of
   * the ring codec, {@code MEMBER} lines, then {@code END}; or {@code END} alone (no ring yet).
   */
  TOPOLOGY
}
