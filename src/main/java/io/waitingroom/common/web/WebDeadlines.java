package io.waitingroom.common.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the web layer lets anything take, so that no browser ever waits on a request that will
 * never be answered.
 *
 * @param requestDeadline       a request that has not answered this long after its headers arrived
 *                              ends with 503 TIMEOUT (covers a body that is never sent, too)
 * @param connectionStallTimeout a connection holding a request it never answered, or one its kernel
 *                              received and it never read, with nothing read or written for this long
 *                              is closed, so a request the server never
 *                              read (the keep-alive stall of reactor-netty#4361) ends and the browser
 *                              retries on a new connection. Longer than the request deadline, so that
 *                              a request being worked on always answers first. (Idle keep-alive
 *                              connections are {@code server.netty.idle-timeout}'s.)
 * @param longLivedPaths        path patterns exempt from the request deadline because they stream
 *                              on purpose (the operator's event stream); they end when the client goes
 */
@ConfigurationProperties("waiting-room.web")
public record WebDeadlines(
        @DefaultValue("5s") Duration requestDeadline,
        @DefaultValue("10s") Duration connectionStallTimeout,
        @DefaultValue("/admin/queues/*/events") List<String> longLivedPaths) {

    public WebDeadlines {
        if (requestDeadline.toMillis() < 100) {
            throw new IllegalArgumentException("waiting-room.web.request-deadline must be at least 100ms");
        }
        if (connectionStallTimeout.compareTo(requestDeadline) <= 0) {
            throw new IllegalArgumentException("waiting-room.web.connection-stall-timeout must be longer than "
                    + "waiting-room.web.request-deadline, or a request being worked on could lose its connection");
        }
    }
}
