package io.ringcache.client;

/**
 * The server rejected the request: {@code CLIENT_ERROR <message>}, or {@code ERROR} for a command it
 * does not know ({@link #unknownCommand()}).
 */
public final class ClientErrorException extends CacheException {
  private static final long serialVersionUID = 1L;
  private final boolean unknownCommand;

  public ClientErrorException(String serverMessage, boolean unknownCommand) {
    super(serverMessage);
    this.unknownCommand = unknownCommand;
  }

  public boolean unknownCommand() {
    return unknownCommand;
  }

  @Override
  public boolean outcomeUnknown() {
    return false;
  }
}
