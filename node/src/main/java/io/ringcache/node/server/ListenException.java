package io.ringcache.node.server;

/**
 * A port or socket this node was told to listen on could not be had (taken by another process, an
 * address this host does not have, a port it may not bind). Says which listener and why in one
 * line, in memcached's words ("failed to listen on TCP port 11211: Address already in use"), so
 * that the command line can print it instead of a stack trace.
 */
public final class ListenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ListenException(String what, Throwable cause) {
        super("failed to listen on " + what + ": " + reason(cause), cause);
    }

    /** The operating system's words, without the layers of Netty and Reactor wrapped around them. */
    static String reason(Throwable cause) {
        String reason = cause.toString();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            int os = message.lastIndexOf("): "); // Netty native: "bind(..) failed with error(-98): Address already in use"
            if (os >= 0) {
                return message.substring(os + 3);
            }
            if (t instanceof java.net.BindException || t instanceof java.net.SocketException) {
                reason = message;
            }
        }
        return reason;
    }

    /** The first ListenException in {@code failure}'s causes, or null. */
    public static ListenException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ListenException listen) {
                return listen;
            }
        }
        return null;
    }
}
