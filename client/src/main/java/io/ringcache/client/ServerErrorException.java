package io.ringcache.client;

/** The server answered {@code SERVER_ERROR <message>}; the message is the server's own words. */
public final class ServerErrorException extends CacheException {
  private static final long serialVersionUID = 1L;

  /**
   * The words a ringcache cluster node puts after {@code SERVER_ERROR} when it refused a request
   * and applied nothing (it has no ring yet, sees too few members, is re-syncing after a pause, or
   * reached none of the key's owners): another owner may take the request.
   */
  private static final java.util.Set<String> NOTHING_APPLIED = java.util.Set.of("joining", "no_quorum", "paused",
      "unreachable", "stale_ring", "ring_behind", "expired", "leaving", "not_owner", "unsettled");

  private final boolean nothingApplied;

  public ServerErrorException(String serverMessage) {
    super(serverMessage);
    this.nothingApplied = refusalWord(serverMessage) != null;
  }

  /** Whether the server said it applied nothing, so the request may go to another owner. */
  public boolean nothingApplied() {
    return nothingApplied;
  }

  private static String refusalWord(String message) {
    String prefix = "SERVER_ERROR ";
    if (message == null || !message.startsWith(prefix)) {
      return null;
    }
    int end = prefix.length();
    while (end < message.length() && message.charAt(end) != ':' && message.charAt(end) != ' ') {
      end++;
    }
    String word = message.substring(prefix.length(), end);
    return NOTHING_APPLIED.contains(word) ? word : null;
  }

  @Override
  public boolean outcomeUnknown() {
    return false;
  }
}
