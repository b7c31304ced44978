package io.ringcache.client;

/**
 * Root of every failure the client reports. Callers branch on the subtype, never on the message.
 *
 * <p>{@link #outcomeUnknown()} tells a retry layer whether the server may already have applied the
 * request: a request that never left this process is safe to send elsewhere; one that was written and
 * then lost is not, unless it is idempotent.
 */
public abstract class CacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected CacheException(String message, Throwable cause) {
    super(message, cause, false, true);
  }

  /**
   * For failures raised on an I/O thread (timeouts, lost connections): their stack trace says nothing
   * about the caller, and thousands may be raised at once when a connection drops.
   */
  protected CacheException(String message, Throwable cause, boolean withStackTrace) {
    super(message, cause, false, withStackTrace);
  }

  protected CacheException(String message) {
    this(message, null);
  }

  /** True when the request may have reached the server (it was written, then its answer was lost). */
  public abstract boolean outcomeUnknown();
}
