package io.waitingroom.queue.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sale with an announced start: everyone who arrives before it gets a uniformly random place
 * ahead of everyone who arrives after it, nobody is admitted before it, and from the start on the
 * line is strict FIFO. The start is decided by Redis's clock, so these tests set it in real time.
 */
class PreQueueTest extends TestBase {

    private static final int EARLY = 1000;
    private static final int LATE = 100;

    @Test
    void earlyArrivalsGetARandomOrderAheadOfLaterOnesAndNobodyIsAdmittedBeforeTheStart() {
        Instant opensAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        queue.putSettings(1, Map.of("saleOpensAt", opensAt.toString(), "admitPerTick", 100));

        List<String> early = new ArrayList<>();
        for (int i = 0; i < EARLY; i++) {
            Map<String, Object> entry = queue.enter(20_000 + i, 1);
            assertThat(entry.get("preQueue")).isEqualTo(true);
            assertThat(entry.get("rank")).as("the place is not drawn yet, as far as anyone is told").isNull();
            assertThat(entry.get("etaSeconds")).isNull();
            assertThat(entry.get("saleOpensAt")).isEqualTo(opensAt.toString());
            early.add((String) entry.get("token"));
        }
        assertThat(queue.enter(20_000, 1).get("token")).as("entering again keeps the token and place").isEqualTo(early.get(0));
        web.get().uri("/api/v1/concerts/1/queue").exchange().expectBody()
                .jsonPath("$.preQueue").isEqualTo(EARLY)
                .jsonPath("$.saleOpensAt").isEqualTo(opensAt.toString());

        for (int round = 0; round < 3; round++) {
            assertThat(queue.tick(1)).as("nobody is admitted before the sale opens").isZero();
        }
        Map<String, Object> beforeStart = queue.position(early.get(7));
        assertThat(beforeStart.get("preQueue")).isEqualTo(true);
        assertThat(beforeStart.get("rank")).isNull();

        queue.putSettings(1, new HashMap<>(Map.of("saleOpensAt", "")) {{ put("saleOpensAt", null); }});
        List<String> late = new ArrayList<>();
        for (int i = 0; i < LATE; i++) {
            Map<String, Object> entry = queue.enter(40_000 + i, 1);
            assertThat(entry.get("preQueue")).isEqualTo(false);
            assertThat(((Number) entry.get("rank")).intValue()).isEqualTo(EARLY + i + 1);
            late.add((String) entry.get("token"));
        }

        List<Integer> earlyRanks = early.stream().map(token -> ((Number) queue.position(token).get("rank")).intValue()).toList();
        assertThat(new HashSet<>(earlyRanks)).as("the early arrivals hold exactly the first places")
                .hasSize(EARLY).allMatch(rank -> rank >= 1 && rank <= EARLY);
        double rho = spearman(earlyRanks);
        System.out.printf("Pre-queue: rank correlation with arrival order over %d early arrivals: %.4f%n", EARLY, rho);
        // For a random permutation rho has a standard deviation of 1/sqrt(999) = 0.032: 0.2 is six of them.
        assertThat(Math.abs(rho)).isLessThan(0.2);
        for (int i = 0; i < LATE; i++) {
            assertThat(((Number) queue.position(late.get(i)).get("rank")).intValue()).isEqualTo(EARLY + i + 1);
        }

        assertThat(queue.tick(1)).isEqualTo(100);
        for (int i = 0; i < EARLY; i++) {
            Object status = queue.position(early.get(i)).get("status");
            assertThat(status).isEqualTo(earlyRanks.get(i) <= 100 ? "ACTIVE" : "WAITING");
        }
    }

    @Test
    void beforeTheStartPollsAimAtTheStartEachWithItsOwnSpread() {
        Instant opensAt = Instant.now().plus(Duration.ofSeconds(10));
        queue.putSettings(2, Map.of("saleOpensAt", opensAt.toString()));

        Set<Long> hints = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String token = queue.tokenOf(300 + i, 2);
            var poll = web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange().expectStatus().isOk().expectBody(Map.class).returnResult();
            long pollAfter = ((Number) poll.getResponseBody().get("pollAfterMillis")).longValue();
            long untilStart = opensAt.toEpochMilli() - clock.millis();
            assertThat(pollAfter).isBetween(untilStart, untilStart + 5_000);
            assertThat(poll.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo(Long.toString((pollAfter + 999) / 1000));
            hints.add(pollAfter);
        }
        assertThat(hints).as("spread over the tokens, not one millisecond for all").hasSizeGreaterThan(20);
    }

    @Test
    void aFarStartStillHasWaitersPollWithinMaxPollAfterSoThatTheyKeepTheirPlace() {
        queue.putSettings(2, Map.of("saleOpensAt", Instant.now().plus(Duration.ofDays(2)).toString()));

        Map<String, Object> entry = queue.enter(77, 2);

        assertThat(((Number) entry.get("pollAfterMillis")).longValue()).isEqualTo(30_000);
    }

    @Test
    void anOpenSaleWithPeopleInLineCannotMoveItsStartBackIntoTheFuture() {
        queue.enter(1, 3);
        String later = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();

        web.put().uri("/admin/queues/3/settings").header("X-Admin-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("saleOpensAt", later, "admitPerTick", 7))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SALE_ALREADY_OPEN");
        web.get().uri("/admin/queues/3/settings").header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectBody()
                .jsonPath("$.saleOpensAt").isEmpty()
                .jsonPath("$.admitPerTick").isEqualTo(100);

        redis.delete("wr:{3}:waiting").block(CALL);
        queue.putSettings(3, Map.of("saleOpensAt", later));
        String evenLater = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        queue.putSettings(3, Map.of("saleOpensAt", evenLater));
        web.get().uri("/admin/queues/3/settings").header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectBody().jsonPath("$.saleOpensAt").isEqualTo(Instant.parse(evenLater).toString());
    }

    @Test
    void settingsLeftOutKeepTheStartAndAnExplicitNullOpensTheSale() {
        Instant opensAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        queue.putSettings(2, Map.of("saleOpensAt", opensAt.toString()));
        queue.putSettings(2, Map.of("paused", true));
        web.get().uri("/admin/queues/2/settings").header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectBody().jsonPath("$.saleOpensAt").isEqualTo(opensAt.toString()).jsonPath("$.paused").isEqualTo(true);

        web.put().uri("/admin/queues/2/settings").header("X-Admin-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"saleOpensAt\":null}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.saleOpensAt").isEmpty();
        web.put().uri("/admin/queues/2/settings").header("X-Admin-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"saleOpensAt\":\"tomorrow\"}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
    }

    /** Spearman's rank correlation between arrival order (the list's order) and the places drawn. */
    private static double spearman(List<Integer> ranks) {
        int n = ranks.size();
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double d = (i + 1) - ranks.get(i);
            sumSquares += d * d;
        }
        return 1 - 6 * sumSquares / ((double) n * ((double) n * n - 1));
    }
}
