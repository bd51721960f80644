package io.waitingroom.queue;

import java.time.Clock;

import io.waitingroom.common.problem.ProblemException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The public numbers of a queue, read live from Redis in one round trip. */
@Component
class QueueStatistics {

    private final QueueableConcerts concerts;
    private final WaitingLine line;
    private final QueueSettingsAdmin settings;
    private final WaitingRoomProperties properties;
    private final Clock clock;

    QueueStatistics(QueueableConcerts concerts, WaitingLine line, QueueSettingsAdmin settings,
                    WaitingRoomProperties properties, Clock clock) {
        this.concerts = concerts;
        this.line = line;
        this.settings = settings;
        this.properties = properties;
        this.clock = clock;
    }

    record Stats(long waiting, long active, long admittedLastMinute, QueueSettings settings) {
    }

    Mono<Stats> of(long concertId) {
        return concerts.exists(concertId)
                .flatMap(known -> known
                        ? line.counts(concertId, clock.millis(), properties.rateWindow().toMillis())
                        : Mono.error(ProblemException.notFound("CONCERT_NOT_FOUND", "No concert " + concertId)))
                .map(counts -> new Stats(counts.waiting(), counts.active(), counts.admittedInWindow(),
                        settings.fromOverrides(counts.rawSettings())));
    }
}
