package io.waitingroom.common.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.waitingroom.support.RawHttpConnection;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's own order on one browser connection: the page, the concert list, then the click.
 * Reactor Netty up to 1.3.7 could stop reading such a connection (reactor/reactor-netty#4361):
 * when a request that had arrived while the previous one was still finishing was then answered
 * synchronously (the concert list comes from memory), nobody asked the socket for more, and the
 * next request sat unread forever. Every round opens a fresh keep-alive connection and requires
 * every answer within a deadline, so a version that brings the bug back fails here.
 */
class KeepAliveConnectionTest extends TestBase {

    private static final int ROUNDS = 200;
    /** Well above a slow machine's worst answer (an entry waits up to the 3 s Redis timeout); the bug stalls forever. */
    private static final Duration READ_DEADLINE = Duration.ofSeconds(5);
    /** Enough to tell the bug from noise; a broken build fails in seconds, not in rounds x deadline. */
    private static final int STALLS_TO_STOP = 5;

    /** Pipelining puts the concert list behind the page every time: on 1.3.6 every round stalled. */
    @Test
    void theRequestAfterAPipelinedPageAndConcertListIsAnswered() throws Exception {
        List<String> stalls = new ArrayList<>();
        for (int round = 0; round < ROUNDS && stalls.size() < STALLS_TO_STOP; round++) {
            try (RawHttpConnection connection = new RawHttpConnection("localhost", port, READ_DEADLINE)) {
                assertThat(connection.pipelined("/", "/api/v1/concerts"))
                        .extracting(RawHttpConnection.Answer::status).containsExactly(200, 200);
                assertThat(connection.get("/api/v1/concerts/1/queue").status()).isEqualTo(200);
            } catch (RawHttpConnection.NoAnswer stall) {
                stalls.add("round " + round + ": " + stall.getMessage());
            }
        }
        assertThat(stalls).as("requests never answered on a kept-alive connection").isEmpty();
    }

    /** A browser's order, one request after the other's answer: on 1.3.6 a share of rounds stalled. */
    @Test
    void theClickAfterThePageAndTheConcertListIsAnswered() throws Exception {
        List<String> stalls = new ArrayList<>();
        for (int round = 0; round < ROUNDS && stalls.size() < STALLS_TO_STOP; round++) {
            try (RawHttpConnection browser = new RawHttpConnection("localhost", port, READ_DEADLINE)) {
                assertThat(browser.get(round % 2 == 0 ? "/" : "/app.js").status()).isEqualTo(200);
                assertThat(browser.get("/api/v1/concerts").status()).isEqualTo(200);
                RawHttpConnection.Answer click = round % 2 == 0
                        ? browser.get("/api/v1/concerts/1/queue")
                        : browser.send("POST", "/api/v1/queue/tokens",
                                Map.of("X-User-Id", Long.toString(70_000 + round), "Content-Type", "application/json"),
                                "{\"concertId\":1}");
                assertThat(click.status()).isIn(200, 201);
            } catch (RawHttpConnection.NoAnswer stall) {
                stalls.add("round " + round + ": " + stall.getMessage());
            }
        }
        assertThat(stalls).as("requests never answered on a kept-alive connection").isEmpty();
    }
}
