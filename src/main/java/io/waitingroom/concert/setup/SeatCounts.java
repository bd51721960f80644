package io.waitingroom.concert.setup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.waitingroom.concert.ConcertCatalog;
import io.waitingroom.concert.SeatStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What the operator sees of a concert: every date, every section, and how many of its seats are
 * free, held and sold, counted from the seats at the moment of asking (operators ask rarely).
 */
@Component
class SeatCounts {

    record SectionCounts(long sectionId, String name, String grade, long price, int rows, int seatsPerRow, long seats,
                         long available, long held, long reserved) {
    }

    record ScheduleCounts(long scheduleId, Instant startsAt, String localStartsAt, long seats, long available, long held,
                          long reserved, List<SectionCounts> sections) {
    }

    record ConcertCounts(long concertId, String title, String venue, String timeZone, int maxSeatsPerUser, Duration cancelUntil,
                         List<ScheduleCounts> schedules) {
    }

    private record SectionRow(long scheduleId, long sectionId, String name, String grade, long price, int rows, int seatsPerRow) {
    }

    private record Count(long sectionId, SeatStatus status, long seats) {
    }

    private final DatabaseClient db;

    SeatCounts(DatabaseClient db) {
        this.db = db;
    }

    Mono<ConcertCounts> of(ConcertCatalog.Concert concert) {
        ZoneId zone = ZoneId.of(concert.timeZone());
        Mono<List<Map.Entry<Long, Instant>>> schedules = db.sql(
                        "SELECT id, starts_at FROM concert_schedule WHERE concert_id = :concertId ORDER BY starts_at, id")
                .bind("concertId", concert.concertId())
                .map(row -> Map.entry(row.get("id", Long.class), Instant.ofEpochMilli(row.get("starts_at", Long.class))))
                .all()
                .collectList();
        Mono<List<SectionRow>> sections = db.sql("""
                        SELECT sec.schedule_id, sec.id, sec.name, sec.grade, sec.price, sec.seat_rows, sec.seats_per_row
                        FROM seat_section sec JOIN concert_schedule s ON s.id = sec.schedule_id
                        WHERE s.concert_id = :concertId ORDER BY sec.position""")
                .bind("concertId", concert.concertId())
                .map(row -> new SectionRow(row.get("schedule_id", Long.class), row.get("id", Long.class), row.get("name", String.class),
                        row.get("grade", String.class), row.get("price", Long.class), row.get("seat_rows", Integer.class),
                        row.get("seats_per_row", Integer.class)))
                .all()
                .collectList();
        Mono<List<Count>> counts = db.sql("""
                        SELECT seat.section_id, seat.status, COUNT(*) AS seats
                        FROM seat JOIN concert_schedule s ON s.id = seat.schedule_id
                        WHERE s.concert_id = :concertId GROUP BY seat.section_id, seat.status""")
                .bind("concertId", concert.concertId())
                .map(row -> new Count(row.get("section_id", Long.class), SeatStatus.valueOf(row.get("status", String.class)),
                        row.get("seats", Long.class)))
                .all()
                .collectList();
        return Mono.zip(schedules, sections, counts).map(read -> {
            Map<Long, Map<SeatStatus, Long>> bySection = read.getT3().stream().collect(Collectors.groupingBy(Count::sectionId,
                    Collectors.toMap(Count::status, Count::seats)));
            Map<Long, List<SectionCounts>> sectionsBySchedule = read.getT2().stream().collect(Collectors.groupingBy(
                    SectionRow::scheduleId, Collectors.mapping(row -> counted(row, bySection.getOrDefault(row.sectionId(), Map.of())),
                            Collectors.toList())));
            List<ScheduleCounts> dates = read.getT1().stream().map(date -> {
                List<SectionCounts> its = sectionsBySchedule.getOrDefault(date.getKey(), List.of());
                return new ScheduleCounts(date.getKey(), date.getValue(),
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(date.getValue().atZone(zone)),
                        its.stream().mapToLong(SectionCounts::seats).sum(), its.stream().mapToLong(SectionCounts::available).sum(),
                        its.stream().mapToLong(SectionCounts::held).sum(), its.stream().mapToLong(SectionCounts::reserved).sum(), its);
            }).toList();
            return new ConcertCounts(concert.concertId(), concert.title(), concert.venue(), concert.timeZone(),
                    concert.maxSeatsPerUser(), concert.cancelUntil(), dates);
        });
    }

    private static SectionCounts counted(SectionRow row, Map<SeatStatus, Long> counts) {
        return new SectionCounts(row.sectionId(), row.name(), row.grade(), row.price(), row.rows(), row.seatsPerRow(),
                (long) row.rows() * row.seatsPerRow(), counts.getOrDefault(SeatStatus.AVAILABLE, 0L),
                counts.getOrDefault(SeatStatus.HELD, 0L), counts.getOrDefault(SeatStatus.RESERVED, 0L));
    }
}
