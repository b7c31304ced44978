package io.ringcache.node.protocol;

/** Meta commands (mg, ms, md, ma, mn). */
final class MetaCommandParser {
    private final LineTokens t;
    private final ParsedLine out;
    private final int maxItemSize;

    MetaCommandParser(LineTokens tokens, ParsedLine out, int maxItemSize) {
        this.t = tokens;
        this.out = out;
        this.maxItemSize = maxItemSize;
    }

    ParsedLine parse(Keyword keyword) {
        return out.set(new Command.Invalid(ErrorReply.ERROR, false, false));
    }
}
