package io.ringcache.node.server;

import io.ringcache.node.protocol.Command;

/** Times every command the executor behind it runs and tells the observer; installed only when metrics are on. */
public final class ObservedExecutor implements CommandExecutor {

    private final CommandExecutor delegate;
    private final CommandObserver observer;

    public ObservedExecutor(CommandExecutor delegate, CommandObserver observer) {
        this.delegate = delegate;
        this.observer = observer;
    }

    @Override
    public void execute(Command command, ReplySink replies) {
        long start = System.nanoTime();
        delegate.execute(command, replies);
        observer.executed(command, System.nanoTime() - start);
    }
}
