package io.ringcache.client;

/** The answer did not arrive within the request's timeout. The request may still be applied later. */
public final class RequestTimeoutException extends CacheException {
  private static final long serialVersionUID = 1L;

  public RequestTimeoutException(String message) {
    super(message, null, false);
  }

  @Override
  public boolean outcomeUnknown() {
    return true;
  }
}
