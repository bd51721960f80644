package io.waitingroom.identity;

import java.util.List;
import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two users, A and B, reaching for each other's queue place, reservation, points and history
 * through every user-scoped endpoint. Run once per identity mode: {@link #identify} names the
 * caller by X-User-Id or by a JWT, and nothing else differs.
 */
abstract class CrossingUsersContract extends TestBase {

    static final long A = 1_001;
    static final long B = 1_002;
    private static final long SCHEDULE = 101;

    @Test
    void bCannotReadAsReservation() {
        long reservation = booking.holdSeat(A, 1, SCHEDULE, 9);

        readReservation(B, reservation).expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_OWNER")
                .jsonPath("$.seatNumber").doesNotExist();
        readReservation(A, reservation).expectStatus().isOk()
                .expectBody().jsonPath("$.reservationId").isEqualTo(reservation).jsonPath("$.status").isEqualTo("HELD");
    }

    @Test
    void bCannotPayAsReservationAndNothingChanges() {
        charge(A, 200_000, "a-charge").expectStatus().isOk();
        charge(B, 200_000, "b-charge").expectStatus().isOk();
        long reservation = booking.holdSeat(A, 1, SCHEDULE, 10);

        pay(B, reservation, "b-pays").expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_OWNER");

        assertThat(records.balanceOf(A)).isEqualTo(200_000);
        assertThat(records.balanceOf(B)).isEqualTo(200_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM payment")).isZero();
        assertThat(records.seatStatus(SCHEDULE, 10)).isEqualTo("HELD");
        readReservation(A, reservation).expectBody().jsonPath("$.status").isEqualTo("HELD");
        // A's hold is untouched and still A's to pay.
        pay(A, reservation, "a-pays").expectStatus().isCreated();
        assertThat(records.balanceOf(B)).isEqualTo(200_000);
        records.assertLedgerMatchesBalance(A, B);
    }

    @Test
    void bReplayingAsPaymentWithItsIdempotencyKeyGetsNoReceipt() {
        charge(A, 200_000, null).expectStatus().isOk();
        charge(B, 200_000, null).expectStatus().isOk();
        long reservation = booking.holdSeat(A, 1, SCHEDULE, 11);
        pay(A, reservation, "shared-key").expectStatus().isCreated();

        pay(B, reservation, "shared-key").expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_OWNER").jsonPath("$.paymentId").doesNotExist();

        assertThat(records.balanceOf(B)).isEqualTo(200_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM payment")).isEqualTo(1);
        assertThat(records.countRows("SELECT COUNT(*) FROM payment WHERE user_id = " + B)).isZero();
    }

    @Test
    void balancesAndHistoriesAreEachUsersOwnEvenWithTheSameIdempotencyKey() {
        charge(A, 500, "same-key").expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(A).jsonPath("$.balance").isEqualTo(500);
        // The key is A's already: for B it is a new charge of B's own, not A's answer.
        charge(B, 700, "same-key").expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(B).jsonPath("$.balance").isEqualTo(700);

        web.get().uri("/api/v1/points").headers(as(B)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(B).jsonPath("$.balance").isEqualTo(700);
        web.get().uri("/api/v1/points").headers(as(A)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(A).jsonPath("$.balance").isEqualTo(500);
        assertThat(history(B)).singleElement().satisfies(entry -> assertThat(entry).containsEntry("amount", 700));
        assertThat(history(A)).singleElement().satisfies(entry -> assertThat(entry).containsEntry("amount", 500));
        records.assertLedgerMatchesBalance(A, B);
    }

    @Test
    void aQueuePassHoldsForTheUserItNamesWhoeverSendsIt() {
        String passOfA = queue.activeToken(A, 1);

        // B sends A's pass and says "I am B" in the header: the hold is still A's.
        long reservation = ((Number) web.post().uri("/api/v1/reservations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + passOfA)
                .header(UserId.HEADER, Long.toString(B))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scheduleId", SCHEDULE, "seatNumber", 12))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("reservationId")).longValue();

        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE user_id = " + A)).isEqualTo(1);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE user_id = " + B)).isZero();
        readReservation(B, reservation).expectStatus().isForbidden();
        readReservation(A, reservation).expectStatus().isOk();
    }

    @Test
    void eachUserEntersWithAPlaceOfTheirOwn() {
        String tokenOfA = queue.tokenOf(A, 1);
        String tokenOfB = queue.tokenOf(B, 1);

        assertThat(tokenOfA).startsWith("1." + A + ".");
        assertThat(tokenOfB).startsWith("1." + B + ".").isNotEqualTo(tokenOfA);
        assertThat(queue.tokenOf(A, 1)).isEqualTo(tokenOfA);
        assertThat(queue.position(tokenOfB).get("rank")).isEqualTo(2);
    }

    // ---- the calls, each naming its caller ----

    protected java.util.function.Consumer<HttpHeaders> as(long userId) {
        return headers -> callers.identify(headers, userId);
    }

    private WebTestClient.ResponseSpec readReservation(long userId, long reservationId) {
        return web.get().uri("/api/v1/reservations/{id}", reservationId).headers(as(userId)).exchange();
    }

    private WebTestClient.ResponseSpec charge(long userId, long amount, String idempotencyKey) {
        return web.post().uri("/api/v1/points/charges").headers(as(userId))
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", amount)).exchange();
    }

    private WebTestClient.ResponseSpec pay(long userId, long reservationId, String idempotencyKey) {
        return web.post().uri("/api/v1/payments").headers(as(userId)).header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", reservationId)).exchange();
    }

    private List<Map<String, Object>> history(long userId) {
        return web.get().uri("/api/v1/points/history").headers(as(userId)).exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                })
                .returnResult().getResponseBody();
    }
}
