package io.waitingroom.common.web;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stall guard on a channel of its own, on Netty's clock: a connection that read a request and
 * never answered it is closed once quiet for the stall timeout; one being worked on is not cut
 * early, and an answered one waiting for its next request is left to the idle timeout. (Its other
 * half, a request the kernel received but nobody read, needs a real epoll socket: see the note in
 * docs/operations.md, "No request hangs".)
 */
class StallGuardTest {

    private static EmbeddedChannel aRequestWasRead() {
        EmbeddedChannel channel = new EmbeddedChannel(new SilentConnections.StallGuard(10_000));
        channel.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n\r\n".getBytes()));
        return channel;
    }

    private static void quietFor(EmbeddedChannel channel, long seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void aRequestReadButNeverAnsweredIsClosedOnceQuietForTheStallTimeout() {
        EmbeddedChannel channel = aRequestWasRead();

        quietFor(channel, 11);

        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void aRequestBeingWorkedOnIsNotCutBeforeTheStallTimeout() {
        EmbeddedChannel channel = aRequestWasRead();

        quietFor(channel, 9);

        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void anAnsweredConnectionWaitingForItsNextRequestIsLeftAlone() {
        EmbeddedChannel channel = aRequestWasRead();
        channel.writeOutbound(Unpooled.wrappedBuffer("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n".getBytes()));

        quietFor(channel, 60);

        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }
}
