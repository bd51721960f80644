package io.waitingroom.queue.numbers;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.queue.Availability;
import io.waitingroom.queue.QueueSettings;
import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.QueueableConcerts;
import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.WaitingRoomProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The public numbers of a queue, read live from Redis in one round trip. */
@Component
public class QueueStatistics {

    private final QueueableConcerts concerts;
    private final WaitingLine line;
    private final WaitingRoomProperties properties;
    private final QueueSnapshots snapshots;
    private final Clock clock;

    QueueStatistics(QueueableConcerts concerts, WaitingLine line, WaitingRoomProperties properties,
                    QueueSnapshots snapshots, Clock clock) {
        this.snapshots = snapshots;
        this.concerts = concerts;
        this.line = line;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param preQueue     early arrivals waiting for the sale to open (0 once it has)
     * @param availability as the last admission tick on this instance found it
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Stats(long waiting, long active, long admittedLastMinute, long preQueue, Instant saleOpensAt,
                        QueueSettings settings, Availability availability, boolean soldOut) {
    }

    public Mono<Stats> of(long concertId) {
        return concerts.exists(concertId)
                .flatMap(known -> known
                        ? line.counts(concertId, clock.millis(), properties.rateWindow().toMillis(),
                                properties.defaults().saleOpensAtMillis())
                        : Mono.error(new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "No concert " + concertId)))
                .map(counts -> {
                    QueueSettings inForce = properties.defaults().withOverrides(counts.overrides());
                    Availability availability = snapshots.get(concertId).availability();
                    return new Stats(counts.waiting(), counts.active(), counts.admittedInWindow(), counts.preQueue(),
                            inForce.saleOpensAt(), inForce, availability, availability == Availability.SOLD_OUT);
                });
    }
}
