package io.waitingroom.concert;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The sections of each date with their free seats, as every buyer's section map shows them. A
 * million buyers read it, so it is a copy in memory per date (Caffeine), re-read in the background
 * at most once a second while it is being asked for: the free counts may trail the seats by about
 * that long, the layout never changes. The seat lists and the holds read the seats themselves.
 */
@Component
public class SectionMap {

    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /** {@code seatsPerRow} is for choosing seats, not shown: the map shows totals. */
    public record Section(long sectionId, String name, String grade, long price, long total, long available,
                          @JsonIgnore int seatsPerRow) {
    }

    /** A date and its sections in the venue's order. */
    public record Layout(Seats.Schedule schedule, List<Section> sections) {

        public long seats() {
            return sections.stream().mapToLong(Section::total).sum();
        }

        public Optional<Section> section(long sectionId) {
            return sections.stream().filter(section -> section.sectionId() == sectionId).findFirst();
        }
    }

    private record SectionRow(long sectionId, String name, String grade, long price, long total, int seatsPerRow) {
    }

    private final DatabaseClient db;
    private final Seats seats;
    private final AsyncLoadingCache<Long, Optional<Layout>> layouts;

    SectionMap(DatabaseClient db, Seats seats) {
        this.db = db;
        this.seats = seats;
        this.layouts = Caffeine.newBuilder()
                .refreshAfterWrite(REFRESH)
                .expireAfterAccess(Duration.ofMinutes(10))
                .maximumSize(10_000)
                // Off the caller's thread: the embedded H2 reads on the thread that subscribes.
                .buildAsync((scheduleId, executor) -> read(scheduleId).subscribeOn(Schedulers.boundedElastic()).toFuture());
    }

    /** The date's layout; 404 SCHEDULE_NOT_FOUND when there is no such date. */
    public Mono<Layout> of(long scheduleId) {
        return Mono.fromFuture(layouts.get(scheduleId), true)
                .flatMap(layout -> {
                    if (layout.isEmpty()) {
                        // Not kept: a date asked for a moment before it is set up must be found once it is.
                        layouts.synchronous().invalidate(scheduleId);
                        return Mono.error(new ProblemException(ProblemCode.SCHEDULE_NOT_FOUND, "No schedule " + scheduleId));
                    }
                    return Mono.just(layout.get());
                });
    }

    private Mono<Optional<Layout>> read(long scheduleId) {
        Mono<List<SectionRow>> sections = db.sql("""
                        SELECT id, name, grade, price, seat_rows, seats_per_row FROM seat_section
                        WHERE schedule_id = :scheduleId ORDER BY position""")
                .bind("scheduleId", scheduleId)
                .map(row -> new SectionRow(row.get("id", Long.class), row.get("name", String.class), row.get("grade", String.class),
                        row.get("price", Long.class), (long) row.get("seat_rows", Integer.class) * row.get("seats_per_row", Integer.class),
                        row.get("seats_per_row", Integer.class)))
                .all()
                .collectList();
        Mono<Map<Long, Long>> free = db.sql("""
                        SELECT section_id, COUNT(*) AS free FROM seat
                        WHERE schedule_id = :scheduleId AND status = 'AVAILABLE' GROUP BY section_id""")
                .bind("scheduleId", scheduleId)
                .map(row -> Map.entry(row.get("section_id", Long.class), row.get("free", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return seats.schedule(scheduleId)
                .flatMap(schedule -> Mono.zip(sections, free)
                        .map(read -> Optional.of(new Layout(schedule, read.getT1().stream()
                                .map(s -> new Section(s.sectionId(), s.name(), s.grade(), s.price(), s.total(),
                                        read.getT2().getOrDefault(s.sectionId(), 0L), s.seatsPerRow()))
                                .collect(Collectors.toUnmodifiableList())))))
                .defaultIfEmpty(Optional.empty())
                // A read that never answers must not hang every buyer behind it.
                .timeout(READ_TIMEOUT);
    }
}
