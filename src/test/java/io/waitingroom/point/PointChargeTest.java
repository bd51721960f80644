package io.waitingroom.point;

import java.util.List;
import java.util.Map;

import io.waitingroom.support.ManyClients.Response;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static io.waitingroom.support.ManyClients.concurrently;
import static io.waitingroom.support.ManyClients.send;
import static org.assertj.core.api.Assertions.assertThat;

class PointChargeTest extends TestBase {

    @Test
    void aNewUserHasZeroPoints() {
        web.get().uri("/api/v1/points").header("X-User-Id", "31").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(31).jsonPath("$.balance").isEqualTo(0);
    }

    @Test
    void hundredConcurrentChargesOfTenMakeOneThousandAndHundredLedgerRows() {
        List<Response> responses = concurrently(100, i -> send(http.post().uri("/api/v1/points/charges")
                .header("X-User-Id", "1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("amount", 10))));

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
        assertThat(records.balanceOf(1)).isEqualTo(1000);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 1 AND type = 'CHARGE'")).isEqualTo(100);
        assertThat(records.countRows("SELECT COUNT(DISTINCT balance_after) FROM point_ledger WHERE user_id = 1")).isEqualTo(100);
        records.assertLedgerMatchesBalance(1);
    }

    @Test
    void twentyConcurrentChargesWithOneIdempotencyKeyChargeOnceAndAnswerTheSame() {
        List<Response> responses = concurrently(20, i -> send(http.post().uri("/api/v1/points/charges")
                .header("X-User-Id", "2")
                .header("Idempotency-Key", "charge-abc")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("amount", 500))));

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"userId\":2,\"balance\":500}");
        });
        assertThat(records.balanceOf(2)).isEqualTo(500);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 2")).isEqualTo(1);
        records.assertLedgerMatchesBalance(2);
    }

    @Test
    void aKeyReusedForAnotherAmountIsAConflictAndChargesNothing() {
        charge(3, "{\"amount\":100}", "k1").expectStatus().isOk();
        charge(3, "{\"amount\":200}", "k1").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(records.balanceOf(3)).isEqualTo(100);
        records.assertLedgerMatchesBalance(3);
    }

    @Test
    void invalidAmountsAre400AndChangeNothing() {
        charge(4, "{\"amount\":1000}", null).expectStatus().isOk();
        for (String body : new String[]{"{\"amount\":0}", "{\"amount\":-5}", "{\"amount\":1000001}"}) {
            charge(4, body, null).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_AMOUNT");
        }
        charge(4, "{}", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_AMOUNT");
        for (String body : new String[]{"{\"amount\":\"ten\"}", "{\"amount\":1e30}", "{\"amount\":", "not json"}) {
            charge(4, body, null).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        assertThat(records.balanceOf(4)).isEqualTo(1000);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 4")).isEqualTo(1);
        records.assertLedgerMatchesBalance(4);
    }

    @Test
    void aChargeThatWouldPassTheMaximumBalanceIsRefused() {
        db.sql("INSERT INTO point_wallet (user_id, balance) VALUES (5, 999999999)").then().block(CALL);
        db.sql("INSERT INTO point_ledger (user_id, type, amount, balance_after, created_at) VALUES (5, 'CHARGE', 999999999, 999999999, 0)")
                .then().block(CALL);

        charge(5, "{\"amount\":2}", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_AMOUNT");
        charge(5, "{\"amount\":1}", null).expectStatus().isOk()
                .expectBody().jsonPath("$.balance").isEqualTo(1_000_000_000);
        records.assertLedgerMatchesBalance(5);
    }

    @Test
    void historyListsChargesAndUsesNewestFirst() {
        charge(6, "{\"amount\":300}", null).expectStatus().isOk();
        charge(6, "{\"amount\":200}", null).expectStatus().isOk();

        web.get().uri("/api/v1/points/history").header("X-User-Id", "6").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].type").isEqualTo("CHARGE")
                .jsonPath("$[0].amount").isEqualTo(200)
                .jsonPath("$[0].balanceAfter").isEqualTo(500)
                .jsonPath("$[0].at").isNotEmpty()
                .jsonPath("$[1].balanceAfter").isEqualTo(300);
    }

    @Test
    void pointsNeedAUserId() {
        web.get().uri("/api/v1/points").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("USER_ID_REQUIRED");
        charge(0, "{\"amount\":10}", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("USER_ID_REQUIRED");
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec charge(long userId, String body, String key) {
        var request = web.post().uri("/api/v1/points/charges")
                .header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.bodyValue(body).exchange();
    }
}
