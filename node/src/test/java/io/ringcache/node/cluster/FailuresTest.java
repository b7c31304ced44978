package io.ringcache.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringcache.client.ConnectionLostException;
import io.ringcache.client.NodeDownException;
import io.ringcache.client.RequestTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Which failed forwards may go to the key's next owner whatever the command: only those that never
 * left this node. A connection lost after the request was written (the owner froze, then the
 * connection was closed for not answering) leaves the outcome unknown; before this rule an increment
 * forwarded to a paused primary was applied there and again on the next owner (pause-owner-3s).
 */
class FailuresTest {

    @Test
    void notConnectedMeansNotSent() {
        assertThat(Failures.notSent(new CompletionException(new NodeDownException("c is not connected")))).isTrue();
        assertThat(Failures.notSent(new Failures.NoPeerException("c"))).isTrue();
    }

    @Test
    void aLostConnectionOrATimeoutMayHaveBeenApplied() {
        assertThat(Failures.notSent(new CompletionException(new ConnectionLostException("c: reset", null)))).isFalse();
        assertThat(Failures.notSent(new CompletionException(new RequestTimeoutException("no answer")))).isFalse();
    }
}
