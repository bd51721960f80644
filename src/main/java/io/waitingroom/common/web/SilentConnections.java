package io.waitingroom.common.web;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServer;

/**
 * Closes a connection that has stopped serving its client: quiet for the stall timeout while
 * either bytes it read were never answered (a request read but never handled) or bytes the kernel
 * received were never read at all (a request sitting in the socket). Both are the keep-alive stall
 * of reactor-netty#4361, where the browser's next request waited forever. The request deadline
 * cannot see such a request (it never reached a handler); this can, and the browser then retries
 * on a new connection. The stall timeout is longer than the request deadline, so a request that
 * reached a handler has always answered (if only with 503 TIMEOUT) before it. Whether the kernel
 * received data after the last answer comes from TCP_INFO on Linux's epoll transport (the one
 * production runs on), asked only once a connection has been quiet that long. An ordinary idle keep-alive connection is
 * left alone: {@code server.netty.idle-timeout} closes those, above a load balancer's idle timeout.
 */
@Component
class SilentConnections implements NettyServerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(SilentConnections.class);
    private static final String HANDLER = "waitingRoomStallGuard";

    private final long stallMillis;

    SilentConnections(WebDeadlines deadlines) {
        this.stallMillis = deadlines.connectionStallTimeout().toMillis();
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> channel.pipeline()
                .addFirst(HANDLER, new StallGuard(stallMillis)));
    }

    /** Stateful (whether what it last read was answered): one per connection. */
    static final class StallGuard extends IdleStateHandler {

        private boolean unanswered;

        StallGuard(long stallMillis) {
            super(0, 0, stallMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            unanswered = true;
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            unanswered = false;
            super.write(ctx, msg, promise);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
            if (unanswered) {
                log.warn("Closing connection {}: what it read was never answered", ctx.channel());
                ctx.close();
            } else if (ctx.channel() instanceof EpollSocketChannel socket && receivedSinceLastSent(socket.tcpInfo())) {
                // Nothing read since our last answer, yet the kernel received data after it: unread.
                log.warn("Closing connection {}: a request it received was never read", ctx.channel());
                ctx.close();
            }
        }

        /** The kernel's own clock for both sides, so the order is its order (ties, within a clock tick, are not counted). */
        static boolean receivedSinceLastSent(EpollTcpInfo tcp) {
            return tcp.lastDataRecv() < tcp.lastDataSent();
        }
    }
}
