package io.waitingroom.common.web;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.waitingroom.support.RawHttpConnection;
import io.waitingroom.support.RowLock;
import io.waitingroom.support.Slow;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request answers within the deadline, whatever hangs below it, and an idle or half-sent
 * connection is closed. Short limits here (1 s and 2 s) so that the test waits little.
 */
@TestPropertySource(properties = {
        "waiting-room.web.request-deadline=1s",
        "waiting-room.web.connection-stall-timeout=2s",
        "server.netty.idle-timeout=2s",
})
@Slow
class RequestDeadlineTest extends TestBase {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(4);

    @Autowired
    private TransactionalOperator tx;

    @Test
    void aBodyThatNeverComesEndsIn503TimeoutWithRetryAfterAndIsCounted() throws Exception {
        long started = System.nanoTime();
        try (RawHttpConnection browser = new RawHttpConnection("localhost", port, ANSWER_WITHIN);
             Socket raw = rawSocket()) {
            // Ten bytes of a forty-byte body: the entry waits for the rest, which never comes.
            var out = raw.getOutputStream();
            out.write(("POST /api/v1/queue/tokens HTTP/1.1\r\nHost: localhost\r\nX-User-Id: 5\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"concert").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readHead(raw.getInputStream());
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(answer).startsWith("HTTP/1.1 503");
            assertThat(answer).containsIgnoringCase("Retry-After: 2").containsIgnoringCase("application/problem+json");
            assertThat(elapsedMillis).as("answered at the deadline, not later").isBetween(900L, 3_000L);
            assertThat(browser.get("/actuator/prometheus").body())
                    .contains("waiting_room_request_timeouts_total{route=\"/api/v1/queue/tokens\"");
        }
        assertThat(redis.opsForZSet().size("wr:{1}:waiting").block(CALL)).isZero();
    }

    @Test
    void aHoldBlockedByASilentDatabaseAnswers503TimeoutAndChangesNothing() throws Exception {
        String token = queue.activeToken(1, 1);
        long seatId = seatId(101, 9);

        try (RowLock silent = RowLock.on(db, tx, "seat", seatId)) {
            booking.hold(token, 101, 9).expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "2")
                    .expectBody().jsonPath("$.code").isEqualTo("TIMEOUT");
        }

        assertThat(records.seatStatus(101, 9)).isEqualTo("AVAILABLE");
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation")).isZero();
        assertThat(queue.position(token).get("status")).as("the pass was not spent").isEqualTo("ACTIVE");
        booking.hold(token, 101, 9).expectStatus().isCreated();
    }

    @Test
    void aPaymentBlockedByASilentDatabaseAnswers503TimeoutAndTakesNoPoints() throws Exception {
        web.post().uri("/api/v1/points/charges").header("X-User-Id", "3")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", 200_000))
                .exchange().expectStatus().isOk();
        long reservation = booking.holdSeat(3, 1, 101, 10);

        try (RowLock silent = RowLock.on(db, tx, "point_wallet", 3)) {
            pay(3, reservation).expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.code").isEqualTo("TIMEOUT");
        }

        assertThat(records.balanceOf(3)).isEqualTo(200_000);
        assertThat(records.seatStatus(101, 10)).isEqualTo("HELD");
        assertThat(records.countRows("SELECT COUNT(*) FROM payment")).isZero();
        records.assertLedgerMatchesBalance(3);
        pay(3, reservation).expectStatus().isCreated();
        assertThat(records.balanceOf(3)).isEqualTo(50_000);
    }

    @Test
    void aConnectionOnWhichNothingMovesIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket silent = rawSocket()) {
            long started = System.nanoTime();
            assertThat(silent.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1_500L, 4_000L);
        }
        try (Socket halfSent = rawSocket()) {
            halfSent.getOutputStream().write("GET /api/v1/concerts HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.US_ASCII));
            assertThat(halfSent.getInputStream().read()).as("a half-sent request is closed too").isEqualTo(-1);
        }
    }

    @Test
    void aKeptAliveConnectionServesManyRequestsWithinTheIdleTimeout() throws Exception {
        try (RawHttpConnection browser = new RawHttpConnection("localhost", port, ANSWER_WITHIN)) {
            for (int request = 0; request < 3; request++) {
                assertThat(browser.get("/api/v1/concerts").status()).isEqualTo(200);
                Thread.sleep(500); // idle between requests, well inside the 2 s idle timeout even on a slow machine
            }
        }
    }

    private WebTestClient.ResponseSpec pay(long userId, long reservationId) {
        return web.post().uri("/api/v1/payments").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", reservationId)).exchange();
    }

    private long seatId(long scheduleId, int seatNumber) {
        return db.sql("SELECT id FROM seat WHERE schedule_id = :s AND seat_number = :n")
                .bind("s", scheduleId).bind("n", seatNumber)
                .map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(5));
    }

    private Socket rawSocket() throws Exception {
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
        return socket;
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
