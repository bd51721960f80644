package io.waitingroom.queue.operator;

import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class QueueSettingsAdminTest extends TestBase {

    @Test
    void settingsAnswerTheConfiguredDefaultsUntilChanged() {
        web.get().uri("/admin/queues/1/settings").header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.admitPerTick").isEqualTo(100)
                .jsonPath("$.tickMillis").isEqualTo(1000)
                .jsonPath("$.maxActive").isEqualTo(5000)
                .jsonPath("$.activeTtlSeconds").isEqualTo(1800)
                .jsonPath("$.paused").isEqualTo(false);
    }

    @Test
    void missingOrWrongAdminKeyIs401AdminKeyRequired() {
        web.get().uri("/admin/queues/1/settings").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("ADMIN_KEY_REQUIRED");
        web.put().uri("/admin/queues/1/settings").header("X-Admin-Key", "wrong")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("admitPerTick", 1))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("ADMIN_KEY_REQUIRED");
        assertThat(redis.hasKey("wr:{1}:settings").block(CALL)).isFalse();
    }

    @Test
    void aKeyThatIsNearlyTheAdminKeyIsRefused() {
        for (String nearMiss : new String[]{ADMIN_KEY.substring(0, ADMIN_KEY.length() - 1), ADMIN_KEY + "x",
                ADMIN_KEY.toUpperCase(), ADMIN_KEY.substring(0, ADMIN_KEY.length() - 1) + "z"}) {
            web.get().uri("/admin/queues/1/settings").header("X-Admin-Key", nearMiss).exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("ADMIN_KEY_REQUIRED");
        }
        web.get().uri("/admin/queues/1/settings").header("X-Admin-Key", ADMIN_KEY).exchange().expectStatus().isOk();
    }

    @Test
    void outOfRangeValuesAre400AndChangeNothing() {
        queue.putSettings(1, Map.of("admitPerTick", 7));
        for (Map<String, Object> bad : new Map[]{
                Map.of("admitPerTick", 0), Map.of("admitPerTick", 100_001), Map.of("tickMillis", 10),
                Map.of("maxActive", -1), Map.of("activeTtlSeconds", 5), Map.of("tickMillis", "soon")}) {
            web.put().uri("/admin/queues/1/settings").header("X-Admin-Key", ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(bad)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        web.get().uri("/admin/queues/1/settings").header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectBody().jsonPath("$.admitPerTick").isEqualTo(7).jsonPath("$.tickMillis").isEqualTo(1000);
    }

    @Test
    void unknownConcertIs404() {
        web.get().uri("/admin/queues/999/settings").header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("CONCERT_NOT_FOUND");
    }

    @Test
    void aChangeAppliesFromTheNextTickAndOnlyToThatConcert() {
        for (long user = 1; user <= 20; user++) {
            queue.enter(user, 1);
            queue.enter(user, 2);
        }
        web.put().uri("/admin/queues/1/settings").header("X-Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("admitPerTick", 3, "maxActive", 50))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.admitPerTick").isEqualTo(3)
                .jsonPath("$.maxActive").isEqualTo(50)
                .jsonPath("$.tickMillis").isEqualTo(1000);

        assertThat(queue.tick(1)).isEqualTo(3);
        assertThat(admissionTick.run(2).block(CALL)).isEqualTo(20);
    }
}
