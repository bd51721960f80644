package io.waitingroom.common.web;

import java.util.Map;

import io.waitingroom.support.RowLock;
import io.waitingroom.support.Slow;
import io.waitingroom.support.LocksGrantedAtOnce;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payment or a charge that waits for the user's wallet row still ends at the request deadline
 * when the wallet lock is granted at once, on the request's own thread (as Redisson's is when its
 * answer is already in). The embedded H2 waits on the thread that runs a statement: run there,
 * the wait held the event loop that also runs the deadline's timer, so the answer came from H2's
 * lock timeout (503 SERVICE_UNAVAILABLE) instead: seen on CI in RequestDeadlineTest, whenever
 * the lock's reply won the race. Here that order is the only one. (A deadline of 2 s, under H2's
 * lock timeout of 3 s, leaves the set-up calls, a first hold among them, time on a busy machine.)
 */
@Import(LocksGrantedAtOnce.class)
@TestPropertySource(properties = {
        "waiting-room.web.request-deadline=2s",
        "waiting-room.web.connection-stall-timeout=3s",
})
@Slow
class WalletWaitDeadlineTest extends TestBase {

    @Autowired
    private TransactionalOperator tx;

    @Test
    void aPaymentWaitingForTheWalletRowAnswersTimeoutAtTheDeadline() throws Exception {
        charge(3, 200_000).expectStatus().isOk();
        long reservation = booking.holdSeat(3, 1, 101, 10);

        try (RowLock silent = RowLock.on(db, tx, "point_wallet", 3)) {
            web.post().uri("/api/v1/payments").header("X-User-Id", "3")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", reservation)).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.code").isEqualTo("TIMEOUT");
        }

        assertThat(records.balanceOf(3)).isEqualTo(200_000);
        assertThat(records.seatStatus(101, 10)).isEqualTo("HELD");
        assertThat(records.countRows("SELECT COUNT(*) FROM payment")).isZero();
    }

    @Test
    void aChargeWaitingForTheWalletRowAnswersTimeoutAtTheDeadline() throws Exception {
        charge(4, 1_000).expectStatus().isOk();

        try (RowLock silent = RowLock.on(db, tx, "point_wallet", 4)) {
            charge(4, 5_000).expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.code").isEqualTo("TIMEOUT");
        }

        assertThat(records.balanceOf(4)).isEqualTo(1_000);
        records.assertLedgerMatchesBalance(4);
    }

    private WebTestClient.ResponseSpec charge(long userId, long amount) {
        return web.post().uri("/api/v1/points/charges").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", amount)).exchange();
    }
}
