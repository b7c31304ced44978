package io.ringcache.client;

/**
 * The connection already holds its maximum of outstanding requests (or unsent bytes); the request was
 * refused before anything was written. Back off or route elsewhere.
 */
public final class OverloadedException extends CacheException {
  private static final long serialVersionUID = 1L;

  public OverloadedException(String message) {
    super(message);
  }

  @Override
  public boolean outcomeUnknown() {
    return false;
  }
}
