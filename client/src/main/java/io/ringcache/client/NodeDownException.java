package io.ringcache.client;

/** No connection to the node right now (connecting, reconnecting, or closed); nothing was sent. */
public class NodeDownException extends CacheException {
  private static final long serialVersionUID = 1L;

  public NodeDownException(String message) {
    super(message);
  }

  public NodeDownException(String message, Throwable cause) {
    super(message, cause);
  }

  protected NodeDownException(String message, Throwable cause, boolean withStackTrace) {
    super(message, cause, withStackTrace);
  }

  @Override
  public boolean outcomeUnknown() {
    return false;
  }
}
