package io.ringcache.node.protocol;

import java.nio.charset.StandardCharsets;

/** Error answers, in memcached's words (bad-input.md), each a preallocated line. */
public enum ErrorReply {
    ERROR("ERROR"),
    BAD_COMMAND_LINE("CLIENT_ERROR bad command line format"),
    BAD_DATA_CHUNK("CLIENT_ERROR bad data chunk"),
    LINE_TOO_LONG("CLIENT_ERROR line too long"),
    DELETE_USAGE("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]"),
    INVALID_DELTA("CLIENT_ERROR invalid numeric delta argument"),
    NON_NUMERIC("CLIENT_ERROR cannot increment or decrement non-numeric value"),
    INVALID_EXPTIME("CLIENT_ERROR invalid exptime argument"),
    BAD_FLAG("CLIENT_ERROR invalid flag"),
    DUPLICATE_FLAG("CLIENT_ERROR duplicate flag"),
    BAD_TOKEN("CLIENT_ERROR bad token in command line format"),
    BAD_KEY_ENCODING("CLIENT_ERROR error decoding key"),
    BAD_MODE("CLIENT_ERROR invalid mode for ms M token"),
    BAD_ARITHMETIC_MODE("CLIENT_ERROR invalid mode for ma M token"),
    /** md and ma say this for every malformed flag, where mg and ms are more specific. */
    INVALID_OR_DUPLICATE_FLAG("CLIENT_ERROR invalid or duplicate flag"),
    OPAQUE_TOO_LONG("CLIENT_ERROR opaque token too long"),
    TOO_MANY_FLAGS("CLIENT_ERROR options flags are too long"),
    TOO_LARGE("SERVER_ERROR object too large for cache"),
    OUT_OF_MEMORY("SERVER_ERROR out of memory storing object"),
    TOO_MANY_CONNECTIONS("ERROR Too many open connections");

    private final byte[] line;

    ErrorReply(String text) {
        this.line = (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The full answer line including CRLF; shared, never modify. */
    public byte[] line() {
        return line;
    }
}
