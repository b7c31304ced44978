package io.ringcache.client;

/**
 * The connection closed (peer gone, reset, corrupt stream, stuck) while this request was in flight:
 * it may or may not have been applied.
 */
public final class ConnectionLostException extends NodeDownException {
  private static final long serialVersionUID = 1L;

  public ConnectionLostException(String message, Throwable cause) {
    super(message, cause, false);
  }

  @Override
  public boolean outcomeUnknown() {
    return true;
  }
}
