package io.waitingroom.queue.numbers;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.queue.QueueSettings;
import io.waitingroom.queue.QueueableConcerts;
import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.WaitingRoomProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import static io.waitingroom.queue.LuaScripts.asLong;

/** The public numbers of a queue, read live from Redis in one round trip. */
@Component
public class QueueStatistics {

    private static final List<String> FIELDS = List.of("admitPerTick", "tickMillis", "maxActive", "activeTtlSeconds", "paused");

    private final QueueableConcerts concerts;
    private final WaitingLine line;
    private final WaitingRoomProperties properties;
    private final Clock clock;

    QueueStatistics(QueueableConcerts concerts, WaitingLine line, WaitingRoomProperties properties, Clock clock) {
        this.concerts = concerts;
        this.line = line;
        this.properties = properties;
        this.clock = clock;
    }

    /** @param preQueue early arrivals waiting for the sale to open (0 once it has) */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Stats(long waiting, long active, long admittedLastMinute, long preQueue, Instant saleOpensAt,
                        QueueSettings settings) {
    }

    public Mono<Stats> of(long concertId) {
        return concerts.exists(concertId)
                .flatMap(known -> known
                        ? line.counts(concertId, clock.millis(), properties.rateWindow().toMillis(),
                                properties.defaults().saleOpensAtMillis())
                        : Mono.error(new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "No concert " + concertId)))
                .map(counts -> {
                    QueueSettings inForce = properties.defaults().withOverrides(overrides(counts.rawSettings()));
                    return new Stats(counts.waiting(), counts.active(), counts.admittedInWindow(), counts.preQueue(),
                            inForce.saleOpensAt(), inForce);
                });
    }

    /** The script answers '' for each default, then the sale start in force (ms, 0 = open). */
    private static Map<Object, Object> overrides(List<Object> raw) {
        Map<Object, Object> overrides = new HashMap<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            if (raw.get(i) != null && !raw.get(i).toString().isEmpty()) {
                overrides.put(FIELDS.get(i), raw.get(i));
            }
        }
        long opensAt = asLong(raw.get(FIELDS.size()));
        overrides.put("saleOpensAt", opensAt == 0 ? "" : Long.toString(opensAt));
        return overrides;
    }
}
