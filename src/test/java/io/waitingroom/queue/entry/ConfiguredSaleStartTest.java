package io.waitingroom.queue.entry;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A sale start set by configuration alone ({@code waiting-room.sale-opens-at}) holds for every concert until an operator says otherwise. */
class ConfiguredSaleStartTest extends TestBase {

    private static final Instant OPENS_AT = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);

    @DynamicPropertySource
    static void saleStart(DynamicPropertyRegistry registry) {
        registry.add("waiting-room.sale-opens-at", OPENS_AT::toString);
    }

    @Test
    void theConfiguredStartMakesEntriesEarlyArrivalsUntilAnOperatorOpensTheSale() {
        Map<String, Object> entry = queue.enter(1, 3);
        assertThat(entry).containsEntry("preQueue", true).containsEntry("saleOpensAt", OPENS_AT.toString());
        web.get().uri("/admin/queues/3/settings").header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectBody().jsonPath("$.saleOpensAt").isEqualTo(OPENS_AT.toString());
        assertThat(queue.tick(3)).isZero();

        queue.putSettings(3, new java.util.HashMap<>() {{ put("saleOpensAt", null); }});

        assertThat(queue.position((String) entry.get("token"))).containsEntry("preQueue", false).containsEntry("rank", 1);
        assertThat(queue.tick(3)).isEqualTo(1);
    }
}
