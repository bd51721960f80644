package io.waitingroom.queue.admission;

import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** A paused line promises no time: nothing moves, so nobody is told when it will. */
class PausedLineTest extends TestBase {

    @Test
    void aPausedLineTellsNoEtaSaysPausedAndAsksBrowsersToPollRarely() {
        queue.putSettings(1, Map.of("paused", true));
        for (long user = 1; user <= 5; user++) {
            queue.enter(user, 1);
        }

        Map<String, Object> entry = queue.enter(6, 1);
        assertThat(entry).containsEntry("paused", true).containsEntry("rank", 6).containsEntry("preQueue", false);
        assertThat(entry).containsKey("etaSeconds").containsEntry("etaSeconds", null);
        assertThat(((Number) entry.get("pollAfterMillis")).longValue()).isGreaterThanOrEqualTo(5000);

        var poll = web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + entry.get("token"))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult();
        Map<?, ?> body = poll.getResponseBody();
        assertThat(body.get("paused")).isEqualTo(true);
        assertThat(body.containsKey("etaSeconds")).isTrue();
        assertThat(body.get("etaSeconds")).isNull();
        assertThat(body.get("rank")).isEqualTo(6);
        long pollAfter = ((Number) body.get("pollAfterMillis")).longValue();
        assertThat(pollAfter).isGreaterThanOrEqualTo(5000);
        assertThat(poll.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo(Long.toString(pollAfter / 1000));
        assertThat(queue.tick(1)).as("and nobody is admitted").isZero();

        queue.putSettings(1, Map.of("paused", false));
        Map<String, Object> resumed = queue.position((String) entry.get("token"));
        assertThat(resumed.get("paused")).isEqualTo(false);
        assertThat(((Number) resumed.get("etaSeconds")).longValue()).isPositive();
    }
}
