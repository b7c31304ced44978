package io.ringcache.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * When the smart client may send a failed request to the key's next owner. A lost connection is a
 * {@link NodeDownException} too, but the request may already have been written and applied: an
 * increment sent again after it would be counted twice (seen in the fault suite through the node's
 * forwarding, which follows the same rule).
 */
class RetryRulesTest {

    private static final Command<Long> INCR = command(false);
    private static final Command<Boolean> SET = command(true);

    @Test
    void aRequestThatNeverLeftMayGoToTheNextOwner() {
        assertThat(RingRouter.anotherOwnerMayAnswer(new NodeDownException("a is not connected"), INCR)).isTrue();
        assertThat(RingRouter.anotherOwnerMayAnswer(new ServerErrorException("SERVER_ERROR no_quorum"), INCR)).isTrue();
    }

    @Test
    void aLostConnectionMakesTheOutcomeUnknownForAnIncrement() {
        ConnectionLostException lost = new ConnectionLostException("a: connection reset", null);
        assertThat(RingRouter.notApplied(lost)).isFalse();
        assertThat(RingRouter.anotherOwnerMayAnswer(lost, INCR)).isFalse();
        assertThat(RingRouter.anotherOwnerMayAnswer(new RequestTimeoutException("no answer"), INCR)).isFalse();
    }

    @Test
    void aSetMayBeSentAgainWhateverTheFailure() {
        assertThat(RingRouter.anotherOwnerMayAnswer(new ConnectionLostException("a: reset", null), SET)).isTrue();
        assertThat(RingRouter.anotherOwnerMayAnswer(new RequestTimeoutException("no answer"), SET)).isTrue();
    }

    private static <T> Command<T> command(boolean idempotent) {
        return new Command<>() {
            @Override
            public ResponseShape shape() {
                return ResponseShape.LINE;
            }

            @Override
            public ByteBuf encode(ByteBufAllocator allocator) {
                throw new UnsupportedOperationException();
            }

            @Override
            public T decode(ByteBuf frame) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean idempotent() {
                return idempotent;
            }
        };
    }
}
