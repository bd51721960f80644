package io.waitingroom.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sell-out benchmark: a date of {@code seats} seats sold out over HTTP by buyers who each want
 * 1..4 seats, {@code concurrency} of them at a time, against a running bench-profile service.
 *
 * <p>Set-up (not timed): a concert and two dates of the same layout through the operators' API
 * (the second for the database's limit), the line opened wide, and one pass per expected buyer
 * entered and polled until ACTIVE. The sale (timed): every buyer charges points, holds seats
 * (half pick seats side by side from a section's seat list and hold them by id, picking others on
 * 409 SEAT_UNAVAILABLE; half ask for best available, another section on 409 NOT_ENOUGH_SEATS;
 * a party that fits nowhere any more shrinks to what is left) and pays. Buyers keep coming until
 * the operators' count shows no free seat. Then the checks (the operators' counts, every buyer's
 * reservations, and SQL through {@link BoxOfficeBenchmark}) and the database's limit: as many bare
 * conditional updates as seats sold, at the same concurrency, in the same app.
 *
 * <pre>java -cp ... io.waitingroom.bench.SellOut BASE ADMIN_KEY [seats] [concurrency] [warm-up seats] [out.json]</pre>
 */
public final class SellOut {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SALE_DEADLINE = Duration.ofSeconds(300);
    private static final int MAX_SEATS = 4;
    private static final int SEATS_PER_ROW = 50;
    private static final int SECTION_SEATS = 1_000;
    private static final long[] PRICES = {165_000, 143_000, 121_000, 99_000};
    /** Holds one buyer may try before giving up (each refusal shows the buyer something new). */
    private static final int MAX_HOLDS = 40;

    private final String base;
    private final String adminKey;
    private final int concurrency;
    private final HttpClient http;
    private final AtomicLong nextUser;
    /** Calls sent again after a 503 or a timeout, by call and answer. */
    private final Map<String, LongAdder> retried = new ConcurrentHashMap<>();
    private static final int TRIES = 6;
    /** How long each kind of call took (ms), during the sale only. */
    private final Map<String, ConcurrentLinkedQueue<Double>> callMillis = new ConcurrentHashMap<>();
    private volatile boolean timing;

    private SellOut(String base, String adminKey, int concurrency) {
        this.base = base;
        this.adminKey = adminKey;
        this.concurrency = concurrency;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        this.nextUser = new AtomicLong(900_000_000L + (System.currentTimeMillis() / 1000 % 100_000) * 1_000);
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:18080";
        String admin = args.length > 1 ? args[1] : "bench-admin";
        int seats = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int warmUpSeats = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
        Path out = args.length > 5 ? Path.of(args[5]) : null;
        SellOut bench = new SellOut(base, admin, concurrency);
        if (warmUpSeats > 0) {
            Map<String, Object> warm = bench.sale("warm-up", warmUpSeats);
            System.out.printf(Locale.ROOT, "sell-out warm-up: %,d seats to %,d buyers in %.2f s (db limit %.2f s), checks %s%n",
                    warmUpSeats, warm.get("buyers"), (double) warm.get("sellOutMillis") / 1000, (double) warm.get("dbLimitMillis") / 1000,
                    (boolean) warm.get("ok") ? "ok" : "FAILED");
        }
        Map<String, Object> result = bench.sale("measured", seats);
        bench.print(result);
        if (out != null) {
            Files.writeString(out, JSON.writeValueAsString(result));
        }
        if (!(boolean) result.get("ok")) {
            System.exit(1);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // One sale

    private record Section(long sectionId, long price) {
    }

    private record Pass(long userId, String token) {
    }

    private record Seat(long seatId, int row, int number) {
    }

    /** What the sale saw, counted by all the buyers. */
    private static final class Tally {
        final AtomicInteger buyers = new AtomicInteger();
        final AtomicInteger paidBuyers = new AtomicInteger();
        final AtomicInteger shrunk = new AtomicInteger();
        final AtomicInteger gaveUp = new AtomicInteger();
        final AtomicInteger extraPasses = new AtomicInteger();
        final AtomicLong holdKeys = new AtomicLong();
        final LongAdder holds = new LongAdder();
        final LongAdder requests = new LongAdder();
        final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
        final Map<String, LongAdder> unexpected = new ConcurrentHashMap<>();
        final Map<Long, Long> paidSeats = new ConcurrentHashMap<>(); // seat -> reservation, as the buyers were told
        final AtomicInteger soldTwiceSeen = new AtomicInteger();
        final List<Long> userIds = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong lastPaidNanos = new AtomicLong();
        final AtomicBoolean soldOut = new AtomicBoolean();
        final ConcurrentLinkedQueue<Double> buyerMillis = new ConcurrentLinkedQueue<>();

        void count(Map<String, LongAdder> map, String key) {
            map.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    private Map<String, Object> sale(String label, int seats) throws Exception {
        if (seats % SEATS_PER_ROW != 0) {
            throw new IllegalArgumentException("seats must be a multiple of " + SEATS_PER_ROW);
        }
        long concertId = admin("POST", "/admin/concerts", Map.of("title", "bench sell-out " + label, "venue", "Bench Arena",
                "timeZone", "Asia/Seoul", "maxSeatsPerUser", MAX_SEATS)).path("concertId").asLong();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("paused", false);
        settings.put("saleOpensAt", null);
        settings.put("admitPerTick", 5_000);
        settings.put("tickMillis", 100);
        settings.put("maxActive", 1_000_000);
        settings.put("activeTtlSeconds", 3_600);
        admin("PUT", "/admin/queues/" + concertId + "/settings", settings);
        List<Map<String, Object>> layout = new ArrayList<>();
        for (int left = seats, i = 0; left > 0; i++) {
            int here = Math.min(SECTION_SEATS, left);
            left -= here;
            layout.add(Map.of("name", "Block " + (i + 1), "grade", "G" + (i % PRICES.length), "price", PRICES[i % PRICES.length],
                    "rows", here / SEATS_PER_ROW, "seatsPerRow", SEATS_PER_ROW));
        }
        String startsAt = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        long scheduleId = admin("POST", "/admin/concerts/" + concertId + "/schedules", Map.of("startsAt", startsAt, "sections", layout))
                .path("scheduleId").asLong();
        long limitScheduleId = admin("POST", "/admin/concerts/" + concertId + "/schedules",
                Map.of("startsAt", Instant.parse(startsAt).plus(1, ChronoUnit.DAYS).toString(), "sections", layout))
                .path("scheduleId").asLong();

        // The passes, made ACTIVE through the real entry and the line's own ticks.
        long passesStart = System.nanoTime();
        int expected = seats * 2 / 5 + seats / 20 + 20; // 2.5 seats a buyer on average, and a margin
        ConcurrentLinkedQueue<Pass> passes = new ConcurrentLinkedQueue<>(parallel(expected, i -> activePass(concertId)));
        double passesMillis = (System.nanoTime() - passesStart) / 1e6;

        // The sale.
        retried.clear();
        callMillis.clear();
        timing = true;
        Tally tally = new Tally();
        AtomicInteger buyerIndex = new AtomicInteger();
        long saleStart = System.nanoTime();
        long deadline = saleStart + SALE_DEADLINE.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            running.add(workers.submit(() -> {
                while (!tally.soldOut.get() && System.nanoTime() < deadline) {
                    Pass pass = passes.poll();
                    if (pass == null) {
                        tally.extraPasses.incrementAndGet();
                        pass = activePass(concertId);
                    }
                    buy(pass, buyerIndex.getAndIncrement(), concertId, scheduleId, tally);
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(SALE_DEADLINE.toSeconds() + 60, TimeUnit.SECONDS);
        }
        workers.shutdown();
        timing = false;
        double sellOutMillis = (tally.lastPaidNanos.get() - saleStart) / 1e6;
        double saleWallMillis = (System.nanoTime() - saleStart) / 1e6;

        // The checks.
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", label);
        result.put("seats", seats);
        result.put("concurrency", concurrency);
        result.put("concertId", concertId);
        result.put("scheduleId", scheduleId);
        result.put("passes", expected);
        result.put("passesMillis", passesMillis);
        result.put("buyers", tally.buyers.get());
        result.put("paidBuyers", tally.paidBuyers.get());
        result.put("extraPasses", tally.extraPasses.get());
        result.put("partiesShrunk", tally.shrunk.get());
        result.put("buyersGaveUp", tally.gaveUp.get());
        result.put("holds", tally.holds.sum());
        result.put("requests", tally.requests.sum());
        result.put("refused", sums(tally.refused));
        result.put("unexpected", sums(tally.unexpected));
        result.put("retried", sums(retried));
        Map<String, Map<String, Double>> calls = new java.util.TreeMap<>();
        callMillis.forEach((what, millis) -> {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            calls.put(what, Map.of("count", (double) sorted.size(), "p50", sorted.get(sorted.size() / 2),
                    "p99", sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))),
                    "mean", sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        });
        result.put("calls", calls);
        result.put("soldOut", tally.soldOut.get());
        result.put("sellOutMillis", sellOutMillis);
        result.put("saleWallMillis", saleWallMillis);
        List<Double> perBuyer = new ArrayList<>(tally.buyerMillis);
        Collections.sort(perBuyer);
        result.put("buyerP50Millis", perBuyer.isEmpty() ? 0 : perBuyer.get(perBuyer.size() / 2));
        result.put("buyerP99Millis", perBuyer.isEmpty() ? 0 : perBuyer.get(Math.min(perBuyer.size() - 1, (int) (perBuyer.size() * 0.99))));

        // The operators' counts: sold + held + free = total, for the date and each section.
        JsonNode date = null;
        for (JsonNode schedule : admin("GET", "/admin/concerts/" + concertId, null).path("schedules")) {
            if (schedule.path("scheduleId").asLong() == scheduleId) {
                date = schedule;
            }
        }
        long total = date.path("seats").asLong();
        long available = date.path("available").asLong();
        long held = date.path("held").asLong();
        long reserved = date.path("reserved").asLong();
        boolean sectionsAddUp = true;
        for (JsonNode section : date.path("sections")) {
            sectionsAddUp &= section.path("seats").asLong()
                    == section.path("available").asLong() + section.path("held").asLong() + section.path("reserved").asLong();
        }
        result.put("adminSeats", total);
        result.put("adminAvailable", available);
        result.put("adminHeld", held);
        result.put("adminReserved", reserved);
        result.put("adminAddsUp", total == available + held + reserved && sectionsAddUp);

        // Every buyer's reservations, as they read them: the seats of the PAID ones, each once.
        Map<Long, Integer> seatInPaid = new ConcurrentHashMap<>();
        LongAdder paidReservations = new LongAdder();
        List<Long> users = List.copyOf(tally.userIds);
        parallel(users.size(), i -> {
            JsonNode mine = json(send("GET", "/api/v1/reservations", Map.of("X-User-Id", Long.toString(users.get(i))), null, 200));
            for (JsonNode reservation : mine) {
                if (reservation.path("scheduleId").asLong() == scheduleId && "PAID".equals(reservation.path("status").asString())) {
                    paidReservations.increment();
                    for (JsonNode seat : reservation.path("seats")) {
                        seatInPaid.merge(seat.path("seatId").asLong(), 1, Integer::sum);
                    }
                }
            }
            return null;
        });
        long soldTwice = seatInPaid.values().stream().filter(n -> n > 1).count();
        result.put("buyersPaidReservations", paidReservations.sum());
        result.put("buyersPaidSeats", (long) seatInPaid.size());
        result.put("buyersSeatsSoldTwice", soldTwice + tally.soldTwiceSeen.get());
        result.put("buyersPaidSeatsMatchDriver", seatInPaid.keySet().equals(tally.paidSeats.keySet()));

        // The tables, by SQL.
        JsonNode sql = json(send("GET", "/bench/boxoffice/check?scheduleId=" + scheduleId, Map.of(), null, 200));
        result.put("sql", JSON.convertValue(sql, Map.class));

        // The database's own limit: as many bare conditional updates, as many at a time, in the same app.
        JsonNode limit = json(send("POST", "/bench/boxoffice/db-limit?scheduleId=" + limitScheduleId + "&count=" + reserved
                + "&concurrency=" + concurrency, Map.of(), null, 200, SETUP_TIMEOUT));
        result.put("dbLimitMillis", limit.path("millis").asDouble());
        result.put("dbLimitUpdated", limit.path("updated").asLong());
        result.put("ratio", sellOutMillis / limit.path("millis").asDouble());

        boolean ok = tally.soldOut.get() && available == 0 && held == 0 && reserved == total && total == seats
                && (boolean) result.get("adminAddsUp")
                && soldTwice == 0 && tally.soldTwiceSeen.get() == 0 && seatInPaid.size() == reserved
                && (boolean) result.get("buyersPaidSeatsMatchDriver")
                && sql.path("ok").asBoolean() && sql.path("reserved").asLong() == reserved
                && limit.path("updated").asLong() == reserved && tally.unexpected.isEmpty();
        result.put("ok", ok);
        return result;
    }

    private void print(Map<String, Object> r) {
        @SuppressWarnings("unchecked") Map<String, Object> sql = (Map<String, Object>) r.get("sql");
        System.out.println();
        System.out.printf(Locale.ROOT, "sell-out of a %,d-seat date (%d buyers at a time, 1-%d seats each):%n",
                (int) r.get("seats"), (int) r.get("concurrency"), MAX_SEATS);
        System.out.printf(Locale.ROOT, "  set-up: %,d passes entered and ACTIVE in %.1f s (not timed below)%n",
                (int) r.get("passes"), (double) r.get("passesMillis") / 1000);
        System.out.printf(Locale.ROOT, "  %,d buyers (%,d paid, %d parties shrunk to what was left, %d gave up, %d passes made during the sale),"
                        + " %,d holds, %,d requests; refused %s%n",
                (int) r.get("buyers"), (int) r.get("paidBuyers"), (int) r.get("partiesShrunk"), (int) r.get("buyersGaveUp"),
                (int) r.get("extraPasses"), (long) r.get("holds"), (long) r.get("requests"), r.get("refused"));
        System.out.printf(Locale.ROOT, "  a buyer (charge, seats, hold, pay): p50 %.0f ms, p99 %.0f ms; unexpected answers: %s%n",
                (double) r.get("buyerP50Millis"), (double) r.get("buyerP99Millis"), r.get("unexpected"));
        System.out.printf(Locale.ROOT, "  sent again after a 503 or a timeout: %s%n", r.get("retried"));
        @SuppressWarnings("unchecked") Map<String, Map<String, Double>> calls = (Map<String, Map<String, Double>>) r.get("calls");
        calls.forEach((what, t) -> System.out.printf(Locale.ROOT, "    %-48s %,6.0f calls  p50 %6.1f ms  p99 %7.1f ms  mean %6.1f ms%n",
                what, t.get("count"), t.get("p50"), t.get("p99"), t.get("mean")));
        System.out.printf(Locale.ROOT, "  time to sell out: %.2f s; the database's limit (%,d bare conditional updates, %d at a time): %.2f s;"
                        + " ratio %.1fx%n",
                (double) r.get("sellOutMillis") / 1000, (long) r.get("dbLimitUpdated"), (int) r.get("concurrency"),
                (double) r.get("dbLimitMillis") / 1000, (double) r.get("ratio"));
        System.out.printf(Locale.ROOT, "  operators' count: %,d seats = %,d sold + %,d held + %,d free: %s%n",
                (long) r.get("adminSeats"), (long) r.get("adminReserved"), (long) r.get("adminHeld"), (long) r.get("adminAvailable"),
                (boolean) r.get("adminAddsUp") ? "adds up (date and every section)" : "DOES NOT ADD UP");
        System.out.printf(Locale.ROOT, "  buyers' own reservations: %,d PAID, %,d seats, %d sold twice, same seats as the payments told: %s%n",
                (long) r.get("buyersPaidReservations"), (long) r.get("buyersPaidSeats"), (long) r.get("buyersSeatsSoldTwice"),
                r.get("buyersPaidSeatsMatchDriver"));
        System.out.printf(Locale.ROOT, "  SQL: %s RESERVED, %s of them in exactly one PAID reservation; seats in two PAID: %s;"
                        + " PAID seats not RESERVED: %s; HELD seats not in one HELD: %s; %s PAID reservations, %s payments, "
                        + "paid %s of %s%n",
                sql.get("reserved"), sql.get("reservedInExactlyOnePaid"), sql.get("seatsInMoreThanOnePaid"), sql.get("paidSeatsNotReserved"),
                sql.get("heldNotInExactlyOneHeld"), sql.get("paidReservations"), sql.get("payments"), sql.get("paymentAmount"),
                sql.get("paidPrice"));
        System.out.println("  checks: " + ((boolean) r.get("ok") ? "all hold" : "FAILED"));
    }

    // ---------------------------------------------------------------------------------------------
    // One buyer

    private void buy(Pass pass, int index, long concertId, long scheduleId, Tally tally) {
        long start = System.nanoTime();
        tally.buyers.incrementAndGet();
        tally.userIds.add(pass.userId());
        Random random = new Random((index + 1) * 0x9E3779B97F4A7C15L ^ 42); // spread: seeds next to each other start alike
        int want = 1 + random.nextInt(MAX_SEATS);
        boolean picks = index % 2 == 0;
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + pass.token());
        try {
            tally.requests.increment();
            send("POST", "/api/v1/points/charges", Map.of("X-User-Id", Long.toString(pass.userId()),
                    "Idempotency-Key", "charge-" + pass.userId()), Map.of("amount", MAX_SEATS * PRICES[0]), 200);
            JsonNode reservation = null;
            int emptyRounds = 0;
            while (reservation == null) {
                if (tally.holds.sum() > 0 && tally.soldOut.get()) {
                    return;
                }
                tally.requests.increment();
                List<Section> sections = new ArrayList<>();
                List<Section> empty = new ArrayList<>();
                for (JsonNode section : json(send("GET", "/api/v1/schedules/" + scheduleId + "/sections", bearer, null, 200))) {
                    (section.path("available").asLong() > 0 ? sections : empty)
                            .add(new Section(section.path("sectionId").asLong(), section.path("price").asLong()));
                }
                Collections.shuffle(sections, random);
                sections.addAll(empty); // the counts trail the seats by up to a second
                int mostFree = 0;
                int holdsBefore = 0;
                for (Section section : sections) {
                    int[] free = {0};
                    reservation = picks ? pick(scheduleId, section, want, bearer, tally, random, free)
                            : best(scheduleId, section, want, bearer, tally, free);
                    mostFree = Math.max(mostFree, free[0]);
                    if (reservation != null || ++holdsBefore >= MAX_HOLDS) {
                        break;
                    }
                }
                if (reservation != null) {
                    break;
                }
                if (mostFree > 0 && mostFree < want) {
                    want = mostFree; // no section has room for the whole party any more: take what is left
                    tally.shrunk.incrementAndGet();
                    continue;
                }
                if (mostFree == 0) {
                    // Every section looked empty: sold out, if the operators' count agrees.
                    tally.requests.increment();
                    if (freeSeats(concertId, scheduleId) == 0) {
                        tally.soldOut.set(true);
                        return;
                    }
                }
                if (++emptyRounds > 20) {
                    tally.gaveUp.incrementAndGet();
                    return;
                }
                Thread.sleep(100);
            }
            tally.requests.increment();
            JsonNode payment = json(send("POST", "/api/v1/payments", Map.of("X-User-Id", Long.toString(pass.userId()),
                    "Idempotency-Key", "pay-" + reservation.path("reservationId").asLong()),
                    Map.of("reservationId", reservation.path("reservationId").asLong()), 201));
            if (!"PAID".equals(payment.path("status").asString())) {
                tally.count(tally.unexpected, "payment status " + payment.path("status").asString());
                return;
            }
            for (JsonNode seat : reservation.path("seats")) {
                if (tally.paidSeats.putIfAbsent(seat.path("seatId").asLong(), reservation.path("reservationId").asLong()) != null) {
                    tally.soldTwiceSeen.incrementAndGet();
                }
            }
            tally.paidBuyers.incrementAndGet();
            tally.lastPaidNanos.accumulateAndGet(System.nanoTime(), Math::max);
            tally.buyerMillis.add((System.nanoTime() - start) / 1e6);
        } catch (Unexpected e) {
            tally.count(tally.unexpected, e.getMessage());
        } catch (Exception e) {
            tally.count(tally.unexpected, e.getClass().getSimpleName());
        }
    }

    /** Seats side by side from the section's list, held by id; on SEAT_UNAVAILABLE others from the same list. */
    private JsonNode pick(long scheduleId, Section section, int want, Map<String, String> bearer, Tally tally, Random random, int[] free)
            throws Exception {
        tally.requests.increment();
        List<Seat> seats = new ArrayList<>();
        for (JsonNode seat : json(send("GET", "/api/v1/schedules/" + scheduleId + "/sections/" + section.sectionId() + "/seats",
                bearer, null, 200))) {
            if ("AVAILABLE".equals(seat.path("status").asString())) {
                seats.add(new Seat(seat.path("seatId").asLong(), seat.path("row").asInt(), seat.path("number").asInt()));
            }
        }
        for (int tries = 0; tries < 6; tries++) {
            free[0] = seats.size();
            if (seats.size() < want) {
                return null;
            }
            List<Long> chosen = together(seats, want, random);
            tally.holds.increment();
            tally.requests.increment();
            HttpResponse<String> hold = send("POST", "/api/v1/reservations", holdHeaders(bearer, tally),
                    Map.of("scheduleId", scheduleId, "seatIds", chosen));
            if (hold.statusCode() == 201) {
                return json(hold);
            }
            String code = refusal(hold, tally);
            if (!"SEAT_UNAVAILABLE".equals(code)) {
                throw new Unexpected("hold by ids " + hold.statusCode() + " " + code);
            }
            Set<Long> taken = new HashSet<>();
            for (JsonNode id : json(hold).path("seatIds")) {
                taken.add(id.asLong());
            }
            if (taken.isEmpty()) {
                taken.addAll(chosen);
            }
            seats.removeIf(seat -> taken.contains(seat.seatId()));
        }
        free[0] = seats.size();
        return null;
    }

    /** A random one of the first ten runs of {@code want} free seats in a row, else the first free seats. */
    private static List<Long> together(List<Seat> free, int want, Random random) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + want <= free.size() && starts.size() < 10; i++) {
            Seat first = free.get(i);
            Seat last = free.get(i + want - 1);
            if (first.row() == last.row() && last.number() - first.number() == want - 1) {
                starts.add(i);
            }
        }
        int from = starts.isEmpty() ? 0 : starts.get(random.nextInt(starts.size()));
        List<Long> ids = new ArrayList<>();
        for (int i = from; i < from + want; i++) {
            ids.add(free.get(i).seatId());
        }
        return ids;
    }

    /** Best available in the section; null (with the section's free count) when it has too few. */
    private JsonNode best(long scheduleId, Section section, int want, Map<String, String> bearer, Tally tally, int[] free) throws Exception {
        for (int tries = 0; tries < 3; tries++) {
            tally.holds.increment();
            tally.requests.increment();
            HttpResponse<String> hold = send("POST", "/api/v1/reservations", holdHeaders(bearer, tally),
                    Map.of("scheduleId", scheduleId, "sectionId", section.sectionId(), "count", want));
            if (hold.statusCode() == 201) {
                return json(hold);
            }
            String code = refusal(hold, tally);
            if ("NOT_ENOUGH_SEATS".equals(code)) {
                free[0] = json(hold).path("available").asInt();
                return null;
            }
            if (!"SEAT_UNAVAILABLE".equals(code)) { // its own re-choosing lost three times: ask again
                throw new Unexpected("best available " + hold.statusCode() + " " + code);
            }
        }
        free[0] = want;
        return null;
    }

    /** A key of its own for every hold, so that a hold sent again after a 503 finds what the first one made. */
    private static Map<String, String> holdHeaders(Map<String, String> bearer, Tally tally) {
        return Map.of("Authorization", bearer.get("Authorization"), "Idempotency-Key", "hold-" + tally.holdKeys.incrementAndGet());
    }

    private String refusal(HttpResponse<String> answer, Tally tally) {
        String code = answer.statusCode() == 409 ? json(answer).path("code").asString() : "HTTP_" + answer.statusCode();
        tally.count(tally.refused, code);
        return code;
    }

    private long freeSeats(long concertId, long scheduleId) throws Exception {
        for (JsonNode schedule : admin("GET", "/admin/concerts/" + concertId, null).path("schedules")) {
            if (schedule.path("scheduleId").asLong() == scheduleId) {
                return schedule.path("available").asLong();
            }
        }
        throw new Unexpected("no date " + scheduleId);
    }

    // ---------------------------------------------------------------------------------------------
    // Passes, HTTP

    /** A new user enters the line and polls until admitted (the line is opened wide: a tick or two). */
    private Pass activePass(long concertId) throws Exception {
        long userId = nextUser.incrementAndGet();
        JsonNode entry = json(send("POST", "/api/v1/queue/tokens", Map.of("X-User-Id", Long.toString(userId)),
                Map.of("concertId", concertId)), 201, 200); // 200: the same pass again, when an entry was sent twice
        String token = entry.path("token").asString();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        String status = entry.path("status").asString();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"ACTIVE".equals(status)) {
            if (System.nanoTime() > until) {
                throw new Unexpected("user " + userId + " not admitted within 30 s");
            }
            Thread.sleep(50);
            status = json(send("GET", "/api/v1/queue/tokens/me", bearer, null, 200)).path("status").asString();
        }
        return new Pass(userId, token);
    }

    private interface Task<T> {
        T run(int index) throws Exception;
    }

    /** n tasks, {@code concurrency} at a time; the first failure fails them all. */
    private <T> List<T> parallel(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private JsonNode admin(String method, String path, Object body) throws Exception {
        return json(send(method, path, Map.of("X-Admin-Key", adminKey), body, -1, SETUP_TIMEOUT), 200, 201);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, Object body, int expected) throws Exception {
        return send(method, path, headers, body, expected, TIMEOUT);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, Object body) throws Exception {
        return send(method, path, headers, body, -1, TIMEOUT);
    }

    /**
     * One call, with its own timeout; an answer other than {@code expected} (-1: any) is an
     * {@link Unexpected}. A 503 (with its Retry-After) or a call that timed out is sent again, as a
     * browser would, up to {@link #TRIES} times: every call the sale makes may be (GETs, re-entry
     * answers the same pass, and charges, holds and payments carry an Idempotency-Key).
     */
    private HttpResponse<String> send(String method, String path, Map<String, String> headers, Object body, int expected,
                                      Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        String what = method + " " + path.replaceAll("\\?.*", "").replaceAll("\\d+", "N");
        HttpResponse<String> response = null;
        for (int attempt = 1; response == null; attempt++) {
            try {
                long sent = System.nanoTime();
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (timing) {
                    callMillis.computeIfAbsent(what, k -> new ConcurrentLinkedQueue<>()).add((System.nanoTime() - sent) / 1e6);
                }
                if (response.statusCode() == 503 && attempt < TRIES) {
                    retried.computeIfAbsent(what + " 503 " + code(response), k -> new LongAdder()).increment();
                    response = null;
                }
            } catch (java.net.http.HttpTimeoutException timedOut) {
                if (attempt >= TRIES) {
                    throw timedOut;
                }
                retried.computeIfAbsent(what + " timed out", k -> new LongAdder()).increment();
            }
            if (response == null) {
                Thread.sleep(200L * attempt);
            }
        }
        if (expected != -1 && response.statusCode() != expected) {
            throw new Unexpected(what + " " + response.statusCode() + " " + code(response));
        }
        return response;
    }

    private static JsonNode json(HttpResponse<String> response, int... expected) {
        for (int status : expected) {
            if (response.statusCode() == status) {
                return JSON.readTree(response.body());
            }
        }
        if (expected.length > 0) {
            throw new Unexpected(response.request().method() + " " + response.request().uri().getPath() + " " + response.statusCode()
                    + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String code(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).path("code").asString();
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        Map<String, Long> sums = new java.util.TreeMap<>();
        counts.forEach((key, value) -> sums.put(key, value.sum()));
        return sums;
    }

    /** An answer the sale did not expect: counted, and the buyer ends. */
    private static final class Unexpected extends RuntimeException {
        Unexpected(String message) {
            super(message);
        }
    }
}
