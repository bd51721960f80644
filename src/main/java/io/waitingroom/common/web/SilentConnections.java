package io.waitingroom.common.web;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServer;

/**
 * Closes a connection on which nothing moved, neither in nor out, for the idle timeout. The
 * request deadline cannot see a request the server never read; this can, because it watches the
 * socket rather than the requests. Reactor Netty's own idle timeout only runs between requests.
 */
@Component
class SilentConnections implements NettyServerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(SilentConnections.class);
    private static final String HANDLER = "waitingRoomSilentConnection";

    private final long idleMillis;

    SilentConnections(WebDeadlines deadlines) {
        this.idleMillis = deadlines.connectionIdleTimeout().toMillis();
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> channel.pipeline()
                .addFirst(HANDLER, new CloseWhenSilent(idleMillis)));
    }

    /** Stateful (it keeps the channel's last read and write): one per connection. */
    private static final class CloseWhenSilent extends IdleStateHandler {

        CloseWhenSilent(long idleMillis) {
            super(0, 0, idleMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
            log.debug("Closing connection {}: nothing read or written for the idle timeout", ctx.channel());
            ctx.close();
        }
    }
}
