package io.ringcache.bench.load;

/** What the generator sends; each kind has its own latency histograms. */
public enum CommandKind {
  /** {@code get k} or, with a multi-get size above one, {@code get k1 k2 ...}. */
  GET("get"),
  /** {@code set k 0 0 n}: part of the workload mix. */
  SET("set"),
  /** {@code set} sent after a get missed (cache-aside fill); not part of the mix. */
  FILL("fill"),
  /** {@code set} of the prefill phase; counted, never timed. */
  PREFILL("prefill");

  private final String label;

  CommandKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  static final CommandKind[] VALUES = values();
}
