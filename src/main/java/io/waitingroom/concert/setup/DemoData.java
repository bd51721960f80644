package io.waitingroom.concert.setup;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import io.waitingroom.concert.ConcertCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The demo concerts, set up once through the operators' own set-up code: three halls whose dates
 * have 50 seats in three price bands, and a stadium of 12,000 seats a date. Each starts at 19:00
 * in its venue's zone. Fixed ids make it safe at every start and on several instances starting
 * together: whoever inserts a concert first seeds it, the others meet the primary key and skip it.
 */
@Component
@ConditionalOnProperty(name = "booking.demo-data", havingValue = "true", matchIfMissing = true)
class DemoData implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final String SEOUL = "Asia/Seoul";

    private record DemoConcert(long id, NewConcert concert, int dates, List<NewSchedule.NewSection> layout) {
    }

    /** 50 seats, numbered 1..50: 1-10 at 150,000, 11-30 at 110,000, 31-50 at 80,000. */
    private static final List<NewSchedule.NewSection> HALL = List.of(
            new NewSchedule.NewSection("R", "R", 150_000L, 1, 10),
            new NewSchedule.NewSection("S", "S", 110_000L, 2, 10),
            new NewSchedule.NewSection("A", "A", 80_000L, 2, 10));

    /** 12,000 seats: two floor blocks, four lower and four upper stands. */
    private static final List<NewSchedule.NewSection> STADIUM = List.of(
            new NewSchedule.NewSection("Floor A", "VIP", 198_000L, 20, 50),
            new NewSchedule.NewSection("Floor B", "VIP", 198_000L, 20, 50),
            new NewSchedule.NewSection("Lower 1", "R", 165_000L, 25, 60),
            new NewSchedule.NewSection("Lower 2", "R", 165_000L, 25, 60),
            new NewSchedule.NewSection("Lower 3", "R", 165_000L, 25, 60),
            new NewSchedule.NewSection("Lower 4", "R", 165_000L, 25, 60),
            new NewSchedule.NewSection("Upper 1", "S", 132_000L, 20, 50),
            new NewSchedule.NewSection("Upper 2", "S", 132_000L, 20, 50),
            new NewSchedule.NewSection("Upper 3", "S", 132_000L, 20, 50),
            new NewSchedule.NewSection("Upper 4", "S", 132_000L, 20, 50));

    private static final List<DemoConcert> CONCERTS = List.of(
            new DemoConcert(1, new NewConcert("IU HEREH World Tour", "KSPO Dome, Seoul", SEOUL, 4, null), 4, HALL),
            new DemoConcert(2, new NewConcert("BTS Yet To Come", "Busan Asiad Main Stadium", SEOUL, 4, null), 4, HALL),
            new DemoConcert(3, new NewConcert("Seoul Philharmonic: Mahler 2", "Seoul Arts Center", SEOUL, 4, null), 4, HALL),
            new DemoConcert(4, new NewConcert("Aurora Stadium Night", "Seoul World Cup Stadium", SEOUL, 4, null), 2, STADIUM));

    private final ConcertSetup setup;
    private final TransactionalOperator tx;
    private final Clock clock;
    private volatile boolean seeded;

    DemoData(ConcertSetup setup, TransactionalOperator tx, Clock clock) {
        this.setup = setup;
        this.tx = tx;
        this.clock = clock;
    }

    /** The demo data's first date of a concert. */
    static long firstScheduleOf(long concertId) {
        return concertId * 100 + 1;
    }

    /**
     * Seeds before the web server and the schedulers start (they run in later phases), so that no
     * request and no catalog refresh ever sees half of the demo data. Start-up, not a request
     * path: blocking is fine here.
     */
    @Override
    public void start() {
        Flux.fromIterable(CONCERTS)
                .concatMap(this::seed)
                .then()
                .block(Duration.ofSeconds(120));
        seeded = true;
    }

    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public void stop() {
    }

    @Override
    public boolean isRunning() {
        return seeded;
    }

    private Mono<Void> seed(DemoConcert demo) {
        LocalDate firstDate = LocalDate.now(clock.withZone(ZoneId.of(demo.concert().zone()))).plusDays(7);
        return setup.createConcert(demo.id(), demo.concert())
                .flatMapMany(concert -> Flux.range(0, demo.dates())
                        .concatMap(n -> setup.addSchedule(concert, firstScheduleOf(demo.id()) + n,
                                new NewSchedule(firstDate.plusDays(7L * n).atTime(LocalTime.of(19, 0)).toString(), demo.layout()))))
                .then()
                .as(tx::transactional)
                .doOnSuccess(done -> log.info("Seeded demo concert {}", demo.id()))
                .onErrorResume(DataIntegrityViolationException.class, alreadyThere -> Mono.empty());
    }
}
