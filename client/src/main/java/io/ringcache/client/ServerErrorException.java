package io.ringcache.client;

/** The server answered {@code SERVER_ERROR <message>}; the message is the server's own words. */
public final class ServerErrorException extends CacheException {
  private static final long serialVersionUID = 1L;

  public ServerErrorException(String serverMessage) {
    super(serverMessage);
  }

  @Override
  public boolean outcomeUnknown() {
    return false;
  }
}
