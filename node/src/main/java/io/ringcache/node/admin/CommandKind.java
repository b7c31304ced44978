package io.ringcache.node.admin;

import io.ringcache.node.protocol.Command;

/** The {@code command} label of the latency histogram: one value per command a client sends. */
enum CommandKind {
    GET("get"), GETS("gets"), GAT("gat"), GATS("gats"), SET("set"), ADD("add"), REPLACE("replace"),
    APPEND("append"), PREPEND("prepend"), CAS("cas"), DELETE("delete"), INCR("incr"), DECR("decr"),
    TOUCH("touch"), MG("mg"), MS("ms"), MD("md"), MA("ma"), MN("mn"), FLUSH_ALL("flush_all"),
    STATS("stats"), TOPOLOGY("rc_topology"), OTHER("other");

    static final CommandKind[] ALL = values();

    final String label;

    CommandKind(String label) {
        this.label = label;
    }

    /** The kind of {@code command}; allocation-free, on the event loop. */
    static CommandKind of(Command command) {
        if (command instanceof Command.Retrieve r) {
            return r.touch() ? (r.withCas() ? GATS : GAT) : (r.withCas() ? GETS : GET);
        } else if (command instanceof Command.MetaGet) {
            return MG;
        } else if (command instanceof Command.Store s) {
            return switch (s.mode()) {
                case SET -> SET;
                case ADD -> ADD;
                case REPLACE -> REPLACE;
                case APPEND -> APPEND;
                case PREPEND -> PREPEND;
                case CAS -> CAS;
            };
        } else if (command instanceof Command.MetaSet) {
            return MS;
        } else if (command instanceof Command.Delete) {
            return DELETE;
        } else if (command instanceof Command.MetaDelete) {
            return MD;
        } else if (command instanceof Command.Arithmetic a) {
            return a.increment() ? INCR : DECR;
        } else if (command instanceof Command.MetaArithmetic) {
            return MA;
        } else if (command instanceof Command.Touch) {
            return TOUCH;
        } else if (command instanceof Command.MetaNoop) {
            return MN;
        } else if (command instanceof Command.FlushAll) {
            return FLUSH_ALL;
        } else if (command instanceof Command.Stats) {
            return STATS;
        } else if (command instanceof Command.TopologyRequest) {
            return TOPOLOGY;
        }
        return OTHER;
    }
}
