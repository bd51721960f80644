package io.waitingroom.queue.position;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.waitingroom.queue.Availability;
import io.waitingroom.queue.QueueStatus;

/**
 * What a waiter is told. {@code rank}, {@code waitingAhead} and {@code etaSeconds} are null when
 * they cannot be told truthfully: before the sale opens (the place is not drawn yet) and, for the
 * ETA, while the line is paused or every seat is held. {@code activeUntil} only for an ACTIVE pass.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PositionView(QueueStatus status, Long rank, Long waitingAhead, Long etaSeconds, long pollAfterMillis,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Instant activeUntil,
                           boolean paused, boolean preQueue, Instant saleOpensAt, Availability availability) {

    public long retryAfterSeconds() {
        return Math.max(1, (pollAfterMillis + 999) / 1000);
    }
}
