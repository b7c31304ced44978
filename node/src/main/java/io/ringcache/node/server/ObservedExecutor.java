package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;

/**
 * Tells the observer of every command the executor behind it runs; installed only when metrics are
 * on, together with a {@link CommandClock} in each connection's pipeline, which tells the time.
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
        observer.executed(command);
    }
}
