package io.ringcache.node.protocol;

/**
 * What a parser made of one command line: the command, and what the decoder must do with the bytes
 * that follow it. One instance per decoder, overwritten for every line.
 */
final class ParsedLine {
    Command command;
    /** Non-null when a data block follows the line and is to be copied into this item array. */
    byte[] dataTarget;
    /** Bytes after the line to skip unread (a rejected command's data block and its CRLF). */
    long swallow;

    ParsedLine set(Command command) {
        this.command = command;
        this.dataTarget = null;
        this.swallow = 0;
        return this;
    }

    ParsedLine withData(byte[] target) {
        this.dataTarget = target;
        return this;
    }

    ParsedLine swallowing(long bytes) {
        this.swallow = bytes;
        return this;
    }
}
