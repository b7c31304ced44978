package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;

/**
 * Times every command the executor behind it runs and tells the observer; installed only when
 * metrics are on, together with {@link CommandClock} in each connection's pipeline (one clock read
 * per command: the time since the read or the previous command ended).
 */
public final class ObservedExecutor implements CommandExecutor {

    private final CommandExecutor delegate;
    private final CommandObserver observer;

    public ObservedExecutor(CommandExecutor delegate, CommandObserver observer) {
        this.delegate = delegate;
        this.observer = observer;
    }

    @Override
    public void execute(Command command, ReplySink replies) {
        delegate.execute(command, replies);
        observer.executed(command, CommandClock.sinceMark());
    }
}
