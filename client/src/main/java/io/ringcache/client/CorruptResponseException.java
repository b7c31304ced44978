package io.ringcache.client;

/**
 * The server's byte stream could not be framed (not the protocol, or over a limit). The request at
 * the head of the pipeline fails with this; the connection is closed and rebuilt, and the requests
 * behind it fail with {@link ConnectionLostException}.
 */
public final class CorruptResponseException extends CacheException {
  private static final long serialVersionUID = 1L;

  public CorruptResponseException(String message) {
    super(message);
  }

  @Override
  public boolean outcomeUnknown() {
    return true;
  }
}
